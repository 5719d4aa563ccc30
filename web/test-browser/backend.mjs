// The browser test's server side: serves the built UI and its config.json, proxies Cognito calls to
// moto (the real Cognito IDP API, same origin so no CORS), and stands in for the WebSocket and HTTP
// APIs. The stand-in speaks the real frames of docs/protocol.md and checks the Cognito ID token's
// signature against moto's JWKS, as the $connect Lambda and the JWT authorizer do in AWS. It replaces
// API Gateway and the agent only because neither exists locally; its replies are scripted.
import { createPublicKey, verify } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer } from 'ws';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** As the Conversations table: turns are stored per user and conversationId (`default` when absent). */
export const historyKey = (sub, conversationId) => `${sub}#${conversationId ?? 'default'}`;

export async function startBackend({ distDir, motoEndpoint, poolId, clientId, replyFor }) {
  const jwks = await (await fetch(`${motoEndpoint}/${poolId}/.well-known/jwks.json`)).json();
  const keys = new Map(jwks.keys.map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));

  /** Returns the ID token's claims, or null when it is not a valid ID token of this pool and client. */
  function verifyIdToken(token) {
    const parts = String(token ?? '').split('.');
    if (parts.length !== 3) return null;
    const [h, p, s] = parts;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const key = keys.get(header.kid);
    if (!key || header.alg !== 'RS256') return null;
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return null;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    if (claims.token_use !== 'id' || claims.aud !== clientId || claims.exp * 1000 < Date.now()) return null;
    return claims;
  }

  const state = {
    received: [], // every client frame: { sub, frame }
    connections: new Set(),
    rejectConnections: false,
    agent: new Map(), // sub → status
    history: new Map(), // historyKey(sub, conversationId) → [{role, content, channel, timestamp}]
    otp: null,
    linked: new Map(),
  };

  const push = (ws, frame) => ws.readyState === 1 && ws.send(JSON.stringify(frame));

  async function answer(ws, sub, text, conversationId) {
    const key = historyKey(sub, conversationId);
    const history = state.history.get(key) ?? [];
    history.push({ role: 'user', content: text, channel: 'web', timestamp: Date.now() });
    state.history.set(key, history);
    if (state.agent.get(sub) !== 'Running') {
      state.agent.set(sub, 'Starting');
      push(ws, { type: 'status', status: 'Starting' });
      await sleep(1500);
      state.agent.set(sub, 'Running');
      push(ws, { type: 'status', status: 'Running' });
    }
    const reply = replyFor(text);
    const pieces = reply.match(/[\s\S]{1,12}/g);
    for (const piece of pieces) {
      push(ws, { type: 'stream_chunk', content: piece });
      await sleep(120);
    }
    push(ws, { type: 'stream_end' });
    history.push({ role: 'assistant', content: reply, channel: 'web', timestamp: Date.now() });
  }

  const http = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/config.json') {
      const origin = `http://127.0.0.1:${http.address().port}`;
      return send(res, 200, {
        cognitoUserPoolId: poolId,
        cognitoClientId: clientId,
        webSocketUrl: `ws://127.0.0.1:${http.address().port}/ws`,
        apiUrl: `${origin}/api`,
        telegramBotName: 'openclaw_test_bot',
        cognitoEndpoint: `${origin}/cognito/`,
      });
    }
    if (url.pathname === '/cognito/' && req.method === 'POST') {
      const body = await readBody(req);
      const upstream = await fetch(`${motoEndpoint}/`, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'], 'x-amz-target': req.headers['x-amz-target'] },
        body,
      });
      let answer = Buffer.from(await upstream.arrayBuffer());
      // moto gap: its NEW_PASSWORD_REQUIRED challenge lacks the userAttributes/requiredAttributes
      // parameters that AWS always sends (JSON strings); amazon-cognito-identity-js parses them.
      try {
        const json = JSON.parse(answer.toString());
        if (json.ChallengeName === 'NEW_PASSWORD_REQUIRED' && !json.ChallengeParameters?.userAttributes) {
          json.ChallengeParameters = { ...json.ChallengeParameters, userAttributes: '{}', requiredAttributes: '[]' };
          answer = Buffer.from(JSON.stringify(json));
        }
      } catch { /* not JSON: pass it through */ }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      return res.end(answer);
    }
    if (url.pathname.startsWith('/api/')) {
      const claims = verifyIdToken((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!claims) return send(res, 401, { message: 'Unauthorized' });
      const path = url.pathname.slice(4);
      if (path === '/link/status' && req.method === 'GET') {
        const id = state.linked.get(claims.sub);
        return send(res, 200, id ? { linked: true, telegramUserId: id } : { linked: false });
      }
      if (path === '/link/generate-otp' && req.method === 'POST') {
        state.otp = String(100000 + Math.floor(Math.random() * 900000));
        return send(res, 200, { code: state.otp, expiresInSeconds: 300 });
      }
      if (path === '/link/unlink' && req.method === 'POST') {
        state.linked.delete(claims.sub);
        return send(res, 200, { success: true });
      }
      return send(res, 404, { message: 'Not Found' });
    }
    // Static files with the SPA fallback CloudFront has (unknown paths get index.html).
    const file = normalize(join(distDir, url.pathname === '/' ? 'index.html' : url.pathname));
    const target = file.startsWith(distDir) && existsSync(file) && statSync(file).isFile() ? file : join(distDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    createReadStream(target).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://localhost');
    const claims = url.pathname === '/ws' && !state.rejectConnections ? verifyIdToken(url.searchParams.get('token')) : null;
    if (!claims) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      state.connections.add(ws);
      ws.on('close', () => state.connections.delete(ws));
      ws.on('message', (data) => {
        let frame;
        try {
          frame = JSON.parse(String(data));
        } catch {
          return;
        }
        state.received.push({ sub: claims.sub, frame });
        if (frame.action === 'getStatus') push(ws, { type: 'status', status: state.agent.get(claims.sub) ?? 'Idle' });
        else if (frame.action === 'getHistory') push(ws, { type: 'history', messages: state.history.get(historyKey(claims.sub, frame.conversationId)) ?? [] });
        else if (frame.action === 'sendMessage') void answer(ws, claims.sub, frame.message, frame.conversationId);
      });
    });
  });

  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    state,
    /** Drops every open WebSocket the way API Gateway does when it ends a connection. */
    dropConnections() {
      for (const ws of state.connections) ws.terminate();
    },
    close() {
      for (const ws of state.connections) ws.terminate();
      wss.close();
      return new Promise((resolve) => http.close(resolve));
    },
  };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
