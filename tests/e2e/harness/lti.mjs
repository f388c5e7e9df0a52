// The LTI tests' world: the platform simulator (and a disabled second one) and Host seeded with both, the profiles
// they launch into, and Trace logging. The launch steps are in lti-client.mjs, the cookies in cookie-jar.mjs and
// Host's log readers in host-log.mjs.
import { writeFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { startHost } from './host.mjs';
import { createPlatformKey } from './partner.mjs';
import { startLtiPlatform } from './lti-platform.mjs';

export const LTI_PLATFORM = 'lti';
export const DISABLED_PLATFORM = 'lti-off';
export const LAB = { id: 'lab', title: 'Leaf pigment lab assistant', greeting: 'Hello from the lab assistant' };
export const TEACHER = { id: 'teacher', title: 'Teaching assistant', greeting: 'Hello, instructor' };
export const LAB_QUESTION = 'Which solvent do we use?';
export const LAB_ANSWER = 'We use acetone to extract the pigments, and a mix of petroleum ether and acetone as the solvent.';

const extraProfiles = [
  {
    id: LAB.id,
    title: LAB.title,
    instructions: 'You are the lab assistant. Answer briefly.',
    model: 'offline',
    greeting: LAB.greeting,
    starters: [LAB_QUESTION],
    locale: 'en',
    knowledge: [{ q: 'Which solvent do we use? What solvent?', a: LAB_ANSWER }],
  },
  {
    id: TEACHER.id,
    title: TEACHER.title,
    instructions: 'You help instructors. Answer briefly.',
    model: 'offline',
    greeting: TEACHER.greeting,
    starters: ['How do I grade the essay?'],
    locale: 'en',
    knowledge: [{ q: 'How do I grade the essay?', a: 'Use the rubric in the course files.' }],
  },
];

/** Trace everywhere, ASP.NET Core's own categories included (appsettings.json lowers them to Warning). */
export const TRACE_LOGGING = {
  Logging__LogLevel__Default: 'Trace',
  'Logging__LogLevel__Microsoft': 'Trace',
  'Logging__LogLevel__Microsoft.AspNetCore': 'Trace',
  'Logging__LogLevel__Microsoft.EntityFrameworkCore': 'Trace',
  'Logging__LogLevel__System': 'Trace',
  'Logging__LogLevel__System.Net.Http.HttpClient': 'Trace',
};

/**
 * One test file's LTI world: the simulator (platform `lti`: profiles course, lab, teacher; default course;
 * Instructor → teacher), a second simulator registered but disabled (`lti-off`), and Host seeded with both.
 */
export function useLtiWorld({ env = {} } = {}) {
  const world = {};
  before(async () => {
    world.platform = await startLtiPlatform({ clientId: 'chatwidget-e2e-client', deploymentId: 'deployment-7' });
    world.disabled = await startLtiPlatform({ clientId: 'chatwidget-e2e-disabled', deploymentId: 'deployment-1' });
    // The seed's existing launch-token platform `e2e` needs a key and an origin; no test here uses it.
    const key = await createPlatformKey();
    world.host = await startHost({
      partnerOrigin: 'http://localhost:9',
      publicKeyPem: key.publicKeyPem,
      extraProfiles,
      extraPlatforms: [
        world.platform.seedPlatform({
          id: LTI_PLATFORM,
          profiles: ['course', LAB.id, TEACHER.id],
          defaultProfile: 'course',
          roleProfiles: { Instructor: TEACHER.id },
        }),
        world.disabled.seedPlatform({ id: DISABLED_PLATFORM, profiles: ['course'], defaultProfile: 'course', enabled: false }),
      ],
      env,
    });
    world.host.logMarkers = env.Logging__LogLevel__Default === 'Trace';
    world.platform.hostOrigin = world.host.origin;
    world.disabled.hostOrigin = world.host.origin;
  });
  after(async () => {
    // E2E_HOST_LOG=<file>: keep Host's whole log of this file (for reading the precise refusal reasons).
    if (process.env.E2E_HOST_LOG && world.host) writeFileSync(process.env.E2E_HOST_LOG, world.host.log());
    await world.host?.stop();
    await world.platform?.close();
    await world.disabled?.close();
  });
  return world;
}
