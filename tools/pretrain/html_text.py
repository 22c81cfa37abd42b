"""Prose paragraphs from an HTML documentation page (regular expressions, stdlib only).

Code is not English prose, so <pre>, <script>, <style>, <head>, <nav>, <header>, <footer>, <svg>,
<math>, <textarea> and <select> elements are dropped with their content. Inline <code> inside a
sentence is kept: it is part of the sentence. Every block element (p, li, dd, dt, h1-h6, td, th,
blockquote, div, table rows, br...) ends a paragraph; other tags are removed, entities decoded,
whitespace collapsed. Page chrome that survives (link bars, "Next topic") is short and repeated on
every page: build_corpus.py drops it with its prose filter and exact-duplicate removal.

A regex pass instead of html.parser: about 20x faster, which matters on a 2-core machine for the
~1.5 GB of HTML the Debian documentation packages hold.
"""
import html
import re

_DROP = re.compile(r'<(script|style|pre|head|nav|header|footer|svg|math|textarea|select|noscript)\b[^>]*>.*?</\1\s*>',
                   re.I | re.S)
_COMMENT = re.compile(r'<!--.*?-->|<!\[CDATA\[.*?\]\]>', re.S)
_BLOCK = re.compile(r'</?(?:p|li|dd|dt|h[1-6]|td|th|tr|blockquote|caption|div|section|article|table|ul|ol|dl|'
                    r'br|hr|figcaption|title|body|main|aside|form|option|center)\b[^>]*>', re.I)
_TAG = re.compile(r'<[^>]*>')
_WS = re.compile(r'[ \t\r\f\v\u00a0]+')


def html_paragraphs(text):
    """The text paragraphs of one HTML page, in document order."""
    text = _COMMENT.sub(' ', text)
    text = _DROP.sub('\n', text).replace('\n', ' ').replace('\r', ' ')
    text = _BLOCK.sub('\n', text)
    text = _TAG.sub('', text)
    text = html.unescape(text)
    out = []
    for line in text.split('\n'):
        line = _WS.sub(' ', line).strip()
        if line:
            out.append(line)
    return out
