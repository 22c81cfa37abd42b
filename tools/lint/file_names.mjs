#!/usr/bin/env node
// The naming rule (ARCHITECTURE.md, "Names"): TypeScript modules are snake_case (.ts, with the
// .test / .spec / .bench / .d suffixes), React components are PascalCase after the component they
// export (.tsx), and main.tsx is the page's entry. Fails listing every file that breaks it.
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';

const files = execFileSync('git', ['ls-files', 'src', 'e2e', 'wasm', 'tools'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const bad = files.filter((f) => {
  const name = basename(f);
  if (f.includes('__fixtures__')) return false;
  if (name.endsWith('.tsx')) return name !== 'main.tsx' && !/^[A-Z][A-Za-z0-9]*(\.test)?\.tsx$/.test(name);
  if (name.endsWith('.ts')) return !/^[a-z0-9_]+(\.(test|spec|bench|d))?\.ts$/.test(name);
  return false;
});
if (bad.length) {
  console.error(`file names that break the naming rule (snake_case modules, PascalCase components):\n${bad.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`file names follow the naming rule (${files.length} files checked)`);
