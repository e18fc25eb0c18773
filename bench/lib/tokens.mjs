// Bench tokens that anyone can recompute from their index, so a data set of a million live tokens needs
// no list of secrets: token i is the OAuth access-token prefix and a SHA-256 of a seed and i.
import { createHash } from 'node:crypto';

export const benchToken = (i) => 'gth_oat_' + createHash('sha256').update(`gatehouse-bench:${i}`).digest('base64url');
export const tokenDigest = (token) => createHash('sha256').update(token).digest('base64url');
