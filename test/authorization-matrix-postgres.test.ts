// The authorization matrix on PostgreSQL (see authorization-matrix.test.ts).
import { authorizationMatrix } from './support/authz-matrix.ts';

authorizationMatrix(['postgres'], false);
