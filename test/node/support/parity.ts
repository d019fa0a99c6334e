/** What the mock-parity tests compare between the server's and the msw mock's answers. */
export interface Answer {
  status: number;
  code?: string;
  issues?: string[];
}

/** An answer reduced to its status, error code and issues (`path:message`). */
export const shape = (status: number, body: any): Answer => ({
  status,
  ...(body?.code ? { code: body.code } : {}),
  ...(body?.details?.issues ? { issues: body.details.issues.map((i: { path: unknown[]; message: string }) => `${i.path.join('.')}:${i.message}`) } : {}),
});
