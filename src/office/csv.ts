// CSV input: one sheet per file (学生.csv, or an export from the school's student system). The text may be UTF-8
// (with or without BOM), UTF-16 with BOM, or GB18030/GBK as Chinese Windows saves it; fields follow RFC 4180
// (double quotes, doubled quotes inside, line breaks inside quotes), separated by commas, or by tabs or
// semicolons when the first line has more of those.
import type { CellValue } from './cells.js';
import type { Grid } from './read.js';

/** Bytes → text: BOM-marked UTF-8/UTF-16, else UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array): { text: string; gb18030: boolean } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), gb18030: false };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), gb18030: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), gb18030: false };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), gb18030: true };
  }
}

/** CSV text → a grid named `name` (cells are text; numbers stay text and are read by their column's kind). */
export function csvGrid(name: string, text: string): Grid {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const sep = count('\t') > count(',') ? '\t' : count(';') > count(',') ? ';' : ',';
  const rows: CellValue[][] = [];
  let row: CellValue[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field === '' ? null : field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < source.length) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === sep) {
      endField();
      i++;
    } else if (ch === '\r' && source[i + 1] === '\n') {
      endRow();
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i++;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) endRow();
  return { name, rows };
}
