// Flask + flask-cors, FastAPI/Starlette under uvicorn, Django + django-cors-headers (Debian's python3).
import { afterAll, describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import { PROOF_POLICIES } from './policies.js';
import { driftsOf, proveTarget } from './prove.js';
import {
  pythonHas,
  type Running,
  serverAvailable,
  startDjango,
  startFastapi,
  startFlask,
} from './servers.js';

const flask = serverAvailable(
  'python3-flask + python3-flask-cors',
  () => pythonHas('flask, flask_cors'),
  'apt-get install -y python3-flask python3-flask-cors',
);
const fastapi = serverAvailable(
  'python3-fastapi + python3-uvicorn',
  () => pythonHas('fastapi, starlette, uvicorn'),
  'apt-get install -y python3-fastapi python3-starlette python3-uvicorn',
);
const django = serverAvailable(
  'python3-django + python3-django-cors-headers',
  () => pythonHas('django, corsheaders'),
  'apt-get install -y python3-django python3-django-cors-headers',
);

proveTarget('flask', startFlask, flask);
proveTarget('fastapi', startFastapi, fastapi);
proveTarget('django', startDjango, django);

describe("the proof can fail (Python, stock middleware without corsair's fixes)", () => {
  const running: Running[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
  });

  it.skipIf(!flask)('flask-cors alone sends no Vary: Origin for a single origin', async () => {
    const policy = PROOF_POLICIES[4]!.options;
    const { files } = generateConfig('flask', policy);
    const broken = files.map((f) => ({
      ...f,
      content: f.content.replace('response.vary.add(name)', 'pass'),
    }));
    const server = await startFlask(broken);
    running.push(server);
    expect(await driftsOf(server.url, policy)).toMatch(/missing-vary/);
  });

  it.skipIf(!fastapi)("Starlette's CORSMiddleware alone lets Content-Type through", async () => {
    const policy = PROOF_POLICIES[1]!.options;
    const { files } = generateConfig('fastapi', policy);
    const broken = files.map((f) => ({
      ...f,
      content: f.content
        .replace('self.allow_headers = []', 'pass')
        .replace('self.preflight_headers.pop("Access-Control-Allow-Headers", None)', 'pass'),
    }));
    expect(broken[0]!.content).not.toBe(files[0]!.content);
    const server = await startFastapi(broken);
    running.push(server);
    expect(await driftsOf(server.url, policy)).toMatch(/Content-Type passed/);
  });
});
