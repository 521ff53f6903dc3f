// A real LDAP directory for tests: Debian's slapd as its own process on spare ports (ldap:// with
// StartTLS, and ldaps://), with its own slapd.conf, mdb database and a throwaway CA and server
// certificate made with openssl. The memberof overlay keeps users' memberOf as groups change.
// Works as root too (slapd then keeps running as root: no -u/-g, its files are ours).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { portOpen } from '../../src/temporal/dev-server.ts';
import { workDir } from './env.ts';
import { CannotHappen, eventually } from './eventually.ts';
import { freePort } from './ports.ts';

export const SLAPD = '/usr/sbin/slapd';
const MODULES = '/usr/lib/ldap';
const SCHEMAS = '/etc/ldap/schema';
export const slapdMissing = (): string | false =>
  existsSync(SLAPD) && existsSync(`${MODULES}/memberof.so`) && existsSync('/usr/bin/ldapmodify')
    ? false
    : 'slapd and ldap-utils are not installed (.ci/run installs them)';

export const SUFFIX = 'dc=example,dc=org';
export const SERVICE_DN = `cn=signalman,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'service-bind-secret';
const ROOT_DN = `cn=root,${SUFFIX}`;
const ROOT_PASSWORD = 'root-secret';

export interface Slapd {
  /** ldap://127.0.0.1:<port> (plain; StartTLS offered) */
  ldapUrl: string;
  /** ldaps://localhost:<port> */
  ldapsUrl: string;
  /** PEM of the CA that signed the server's certificate. */
  caFile: string;
  /** Applies an LDIF change as the directory's root (ldapmodify). */
  modify(ldif: string): void;
  stop(): Promise<void>;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, and a certificate for localhost and 127.0.0.1 that it signed. */
function makeCertificates(dir: string): void {
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Signalman test CA'].concat([
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    ]),
  );
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    dir,
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
      '-days',
      '2',
      '-extfile',
      'san.ext',
      '-out',
      'server.pem',
    ]),
  );
}

function slapdConf(dir: string): string {
  return [
    ...['core', 'cosine', 'inetorgperson'].map((s) => `include ${SCHEMAS}/${s}.schema`),
    `modulepath ${MODULES}`,
    'moduleload back_mdb',
    'moduleload memberof',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `TLSCACertificateFile ${join(dir, 'ca.pem')}`,
    `TLSCertificateFile ${join(dir, 'server.pem')}`,
    `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
    // Like many directories (Active Directory among them), accept an unauthenticated bind: a DN
    // with an empty password (RFC 4513 §5.1.2), which Signalman must never take for a login.
    'allow bind_anon_dn',
    'database mdb',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${join(dir, 'db')}`,
    'maxsize 16777216',
    'overlay memberof',
    // Nobody reads anything anonymously: the service account must bind before it can search.
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ].join('\n');
}

const person = (ou: string, uid: string, password: string, extra: string[] = []) =>
  [
    `dn: uid=${uid},ou=${ou},${SUFFIX}`,
    'objectClass: inetOrgPerson',
    `uid: ${uid}`,
    `sn: ${uid}`,
    `userPassword: ${password}`,
    ...extra,
    '',
  ].join('\n');

/** The directory's people and groups (README "LDAP sign-in" describes what each test uses). */
export const FIXTURE = [
  `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n`,
  ...['people', 'services', 'groups', 'contractors'].map(
    (ou) => `dn: ou=${ou},${SUFFIX}\nobjectClass: organizationalUnit\nou: ${ou}\n`,
  ),
  `dn: ${SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: signalman\nuserPassword: ${SERVICE_PASSWORD}\n`,
  person('people', 'Alice', 'alice-pass', ['cn: Alice Liddell', 'mail: alice@example.org']),
  person('people', 'bob', 'bob-pass', ['cn: Bob Builder', 'description: bob@corp.example']),
  person('people', 'twin', 'twin-pass', ['cn: Twin One', 'mail: twin1@example.org']),
  person('contractors', 'twin', 'twin-pass', ['cn: Twin Two', 'mail: twin2@example.org']),
  person('people', 'admin', 'directory-admin-pass', ['cn: Directory Admin', 'mail: dir-admin@example.org']),
  `dn: cn=admins,ou=groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: admins\nmember: ${SERVICE_DN}\nmember: uid=Alice,ou=people,${SUFFIX}\n`,
  `dn: cn=ops,ou=groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: ops\nmember: uid=Alice,ou=people,${SUFFIX}\nmember: uid=bob,ou=people,${SUFFIX}\n`,
].join('\n');

export async function startSlapd(): Promise<Slapd> {
  const dir = workDir('slapd');
  mkdirSync(join(dir, 'db'), { recursive: true });
  makeCertificates(dir);
  writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir));
  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  let output = '';
  // -d 0: stay in the foreground (our child) without debug output; errors still reach stderr.
  const child: ChildProcess = spawn(
    SLAPD,
    ['-d', '0', '-f', join(dir, 'slapd.conf'), '-h', `${ldapUrl}/ ldaps://127.0.0.1:${ldapsPort}/`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new CannotHappen(`slapd exited with ${child.exitCode}:\n${output}`);
      return (await portOpen(ldapPort)) && (await portOpen(ldapsPort));
    },
    { what: `slapd to listen on ports ${ldapPort} and ${ldapsPort}`, timeout: 15_000 },
  );
  const ldapClient = (tool: string, ldif: string) =>
    execFileSync(tool, ['-x', '-H', ldapUrl, '-D', ROOT_DN, '-w', ROOT_PASSWORD], { input: ldif, stdio: 'pipe' });
  ldapClient('ldapadd', FIXTURE);
  return {
    ldapUrl,
    ldapsUrl: `ldaps://localhost:${ldapsPort}`,
    caFile: join(dir, 'ca.pem'),
    modify: (ldif) => ldapClient('ldapmodify', ldif),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
