import type { ImplementationState, PhotoTag, PublicText, StageInput } from '../../contract/index.js';
import type { AuditWrite } from './types.js';

/**
 * Where implementation records live: one per funded project (its plan,
 * stages, figures and final word) and the updates the project centre posts
 * about it. Every change is one transaction together with its audit entry;
 * a record is replaced under optimistic concurrency (its `version`).
 */

export interface StoredImplementation {
  city: string;
  projectId: string;
  cycleId: string;
  /** Bumped by every save; 0 means "not stored yet". */
  version: number;
  createdAt: string;
  updatedAt: string;
  state: ImplementationState;
  contractor?: string;
  /** Staff only. */
  contractorContact?: string;
  plannedStart?: string;
  plannedEnd?: string;
  stages: StageInput[];
  progress: number;
  committed: number;
  spent: number;
  overspendReason?: PublicText;
  /** Staff only. */
  internalNote?: string;
  implementedOn?: string;
  cancelReason?: PublicText;
  completionNote?: PublicText;
}

export interface StoredUpdatePhoto {
  id: string;
  tag: PhotoTag;
  width: number;
  height: number;
}

export interface StoredUpdate {
  id: string;
  city: string;
  projectId: string;
  at: string;
  public: boolean;
  /** The staff account that wrote it (an id, never shown to residents). */
  author: string;
  text: PublicText;
  photos: StoredUpdatePhoto[];
}

export interface ImplementationStore {
  get(city: string, projectId: string): Promise<StoredImplementation | null>;
  /** Every record of a city (all cycles). */
  list(city: string): Promise<StoredImplementation[]>;
  /**
   * Writes the record if the stored version is still `expected` (0: none is
   * stored), as version `expected + 1`, with its audit entry in the same
   * transaction; false (nothing written) when it changed meanwhile.
   */
  save(record: StoredImplementation, expected: number, audit: AuditWrite): Promise<boolean>;
  /**
   * Adds an update and attaches its photos to the project, in one transaction
   * with its audit entry and a touch of the record's `updatedAt`; StoreError
   * `photo_unavailable` when a photo is not this city's or is already used.
   */
  addUpdate(update: StoredUpdate, audit: AuditWrite): Promise<void>;
  /** Publishes or withdraws an update; false when there is no such update of this project. */
  setUpdatePublic(city: string, projectId: string, updateId: string, isPublic: boolean, at: string, audit: AuditWrite): Promise<boolean>;
  /** Newest first; `projectId` null for the whole city; only public ones when `publicOnly`. */
  updates(city: string, projectId: string | null, publicOnly: boolean, limit: number): Promise<StoredUpdate[]>;
}

/** The record's JSON column: everything but the columns of its own. */
export function implementationData(r: StoredImplementation): string {
  const { city: _c, projectId: _p, cycleId: _y, version: _v, createdAt: _a, updatedAt: _u, state: _s, ...data } = r;
  return JSON.stringify(data);
}

export interface ImplementationRow {
  city: string;
  project_id: string;
  cycle_id: string;
  state: string;
  version: number;
  created_at: string;
  updated_at: string;
  data: string;
}

export function implementationFromRow(row: ImplementationRow): StoredImplementation {
  return {
    ...(JSON.parse(row.data) as Omit<StoredImplementation, 'city' | 'projectId' | 'cycleId' | 'version' | 'createdAt' | 'updatedAt' | 'state'>),
    city: row.city,
    projectId: row.project_id,
    cycleId: row.cycle_id,
    state: row.state as ImplementationState,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UpdateRow {
  id: string;
  seq: number;
  city: string;
  project_id: string;
  at: string;
  public: number | boolean;
  data: string;
}

export function updateData(u: StoredUpdate): string {
  return JSON.stringify({ author: u.author, text: u.text, photos: u.photos });
}

export function updateFromRow(row: UpdateRow): StoredUpdate {
  const data = JSON.parse(row.data) as Pick<StoredUpdate, 'author' | 'text' | 'photos'>;
  return { id: row.id, city: row.city, projectId: row.project_id, at: row.at, public: row.public === true || row.public === 1, ...data };
}
