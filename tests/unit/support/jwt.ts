/** An unsigned JWT with these claims (an emulator reads `scp` and `roles` as Graph's token check would; nothing verifies it). */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}
