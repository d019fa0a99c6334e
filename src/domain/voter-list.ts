import { checkIin } from './iin.js';

/**
 * Reads a voter list as the project centre exports it from a spreadsheet:
 * `IIN, phone[, district]` a row, comma or semicolon separated, an optional
 * header row, quotes allowed. Pure: no hashing, no storage. A refused row is
 * reported by its line number and a problem code, never by its values.
 */

export type VoterRowProblem = 'columns' | 'iin.format' | 'iin.checksum' | 'iin.date' | 'phone.invalid' | 'district.unknown' | 'duplicate';

export interface VoterRow {
  line: number;
  iin: string;
  /** `+7XXXXXXXXXX`; absent in a list of IINs to remove. */
  phone: string;
  district: string | null;
}

export interface ParsedVoterList {
  rows: VoterRow[];
  rejected: { line: number; problem: VoterRowProblem }[];
}

/** `+7 701 234 56 78`, `8 (701) 234-56-78`, `77012345678` → `+77012345678`; null when it is no Kazakh mobile number. */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s()+.-]/g, '');
  if (/^8\d{10}$/.test(digits)) return `+7${digits.slice(1)}`;
  if (/^7\d{10}$/.test(digits)) return `+${digits}`;
  return null;
}

function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const IIN_PROBLEM: Record<string, VoterRowProblem> = { format: 'iin.format', century: 'iin.date', date: 'iin.date', checksum: 'iin.checksum' };

/**
 * `columns`: `'iin-phone'` for a list to load (IIN, phone, optional district),
 * `'iin'` for a list of residents to take off. `districts`: the city's district
 * ids; a district column is matched against them, case-insensitively.
 */
export function parseVoterList(text: string, options: { columns: 'iin-phone' | 'iin'; districts: readonly string[] }): ParsedVoterList {
  const rows: VoterRow[] = [];
  const rejected: ParsedVoterList['rejected'] = [];
  const seen = new Set<string>();
  const districts = new Map(options.districts.map((d) => [d.toLowerCase(), d]));
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const separator = (lines.find((l) => l.trim()) ?? '').includes(';') ? ';' : ',';
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    const cells = splitLine(raw, separator);
    // A header row: the first non-empty line whose first cell is not digits.
    if (!rows.length && !rejected.length && !/\d/.test(cells[0] ?? '')) return;
    const wanted = options.columns === 'iin' ? 1 : 2;
    if (cells.length < wanted || cells.length > (options.columns === 'iin' ? 1 : 3)) return void rejected.push({ line, problem: 'columns' });
    const iin = cells[0]!.replace(/[\s-]/g, '');
    const check = checkIin(iin);
    if (!check.valid) return void rejected.push({ line, problem: IIN_PROBLEM[check.problem]! });
    let phone = '';
    let district: string | null = null;
    if (options.columns === 'iin-phone') {
      const p = normalizePhone(cells[1]!);
      if (!p) return void rejected.push({ line, problem: 'phone.invalid' });
      phone = p;
      const d = cells[2] ?? '';
      if (d) {
        district = districts.get(d.toLowerCase()) ?? null;
        if (!district) return void rejected.push({ line, problem: 'district.unknown' });
      }
    }
    if (seen.has(iin)) return void rejected.push({ line, problem: 'duplicate' });
    seen.add(iin);
    rows.push({ line, iin, phone, district });
  });
  return { rows, rejected };
}

/** `+77012345612` → `+7 7•• ••• •• 12`: enough for the owner to recognise, too little for anyone else. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return `+7 ${d[1] ?? ''}•• ••• •• ${d.slice(-2)}`;
}
