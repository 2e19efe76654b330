// `npm run docs`: regenerates the generated sections of README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedSections } from './readme-sections.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withGeneratedSections(before);
writeFileSync(path, after);
console.log(before === after ? 'README.md is up to date' : 'README.md updated');
