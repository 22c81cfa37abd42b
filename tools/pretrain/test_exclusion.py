"""Unit tests of the evaluation-text exclusion (no corpus needed; a few seconds).

    /usr/bin/python3 -m unittest discover -s tools/pretrain -p 'test_*.py'

Plants real evaluation texts (an SST-2 dev sentence, an RTE dev sentence, a sotu-party test passage)
in corpus paragraphs, in other spelling and spacing, and checks that build_corpus.clean_paragraph
removes them while keeping the surrounding sentences, and that check_exclusion.leaks finds a
planted hash among the corpus hashes. The GLUE texts are read from ../shared when present.
"""
import gzip
import json
import os
import sys
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_corpus  # noqa: E402
import check_exclusion  # noqa: E402
import text_hash  # noqa: E402
from eval_texts import BUILTIN, glue_dir  # noqa: E402

FILLER = 'The harbour master counted every ship that entered the bay before noon.'


class ExclusionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ev_units, cls.ev_grams, cls.n = build_corpus.eval_index()
        with gzip.open(os.path.join(BUILTIN, 'sotu-party', 'test.jsonl.gz'), 'rt', encoding='utf-8') as f:
            cls.sotu_test = json.loads(f.readline())['text']

    def clean(self, p):
        return build_corpus.clean_paragraph(p, text_hash.norm(p), self.ev_units, self.ev_grams)

    def test_clean_text_is_kept(self):
        p, _, n = self.clean(FILLER + ' ' + FILLER.replace('noon', 'dusk'))
        self.assertEqual(n, 0)
        self.assertIn('dusk', p)

    def test_builtin_test_passage_is_removed_keeping_the_rest(self):
        p, _, n = self.clean(FILLER + ' ' + self.sotu_test.upper() + ' ' + FILLER.replace('noon', 'dusk'))
        self.assertGreater(n, 0)
        self.assertNotIn(text_hash.norm(self.sotu_test), text_hash.norm(p or ''))
        self.assertIn('dusk', p)

    def test_passage_embedded_mid_sentence_is_caught_by_13_grams(self):
        words = self.sotu_test.split()
        inner = ' '.join(words[3:20])  # 17 words, cut across its sentences
        p, _, _ = self.clean(f'He said that {inner} and left.')
        self.assertIsNone(p)

    @unittest.skipIf(glue_dir() is None, 'GLUE data not present')
    def test_glue_dev_sentences_are_removed(self):
        g = glue_dir()
        with open(os.path.join(g, 'SST-2', 'test.tsv'), encoding='utf-8') as f:
            f.readline()
            sst = f.readline().split('\t')[0]  # tokenized lowercase: "it 's a charming ..."
        with open(os.path.join(g, 'RTE', 'test.tsv'), encoding='utf-8') as f:
            f.readline()
            rte = f.readline().split('\t')[1]
        detok = sst.replace(" 's", "'s").replace(' .', '.').strip().capitalize()
        for planted in (detok, rte):
            p, _, n = self.clean(FILLER + ' ' + planted + ' ' + FILLER.replace('noon', 'dusk'))
            self.assertEqual(n, 1, planted)
            self.assertNotIn(text_hash.norm(planted), text_hash.norm(p))

    def test_leaks_finds_a_planted_hash(self):
        unit = text_hash.norm(self.sotu_test)
        ev = {text_hash.h64(unit): ('sotu-party/test', unit)}
        clean = np.array(sorted({text_hash.h64(text_hash.norm(FILLER)), 1, 2**63}), dtype=np.uint64)
        self.assertEqual(check_exclusion.leaks(clean, ev), [])
        dirty = np.array(sorted(set(clean.tolist()) | {text_hash.h64(unit)}), dtype=np.uint64)
        self.assertEqual(len(check_exclusion.leaks(dirty, ev)), 1)


if __name__ == '__main__':
    unittest.main()
