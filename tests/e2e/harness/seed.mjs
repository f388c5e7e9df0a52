// The seed file Host applies at start (contract §6): the offline model, the `course` profile and the `e2e`
// platform whose only allowed origin is the partner page.

export const GREETING = 'Hello from the e2e test';
export const STARTERS = ['What is due this week?', 'When is the lab?'];
export const PROFILE_TITLE = 'Biology 101 assistant';

/** Short answers: a few words, for the screenshot and quick turns. */
export const DUE_ANSWER = 'Your essay draft on photosynthesis is due on Friday at noon.';
export const LAB_ANSWER = 'The leaf pigment lab is on Wednesday afternoon in room B12.';

/** Sixty words: long enough to watch it stream (30 ms a word ≈ 2 s). */
export const CHLOROPHYLL_QUESTION = 'What does chlorophyll do?';
export const CHLOROPHYLL_ANSWER = [
  'Chlorophyll is the green pigment in the chloroplasts of plant cells.',
  'It absorbs mostly blue and red light and reflects green light, which is why leaves look green.',
  'The energy it captures drives the light-dependent reactions, where water is split, oxygen is released,',
  'and the cell makes ATP and NADPH for the Calvin cycle that builds sugars from carbon dioxide.',
].join(' ');

/** About 240 words (≈ 7 s): the one to stop half-way. */
export const CYCLE_QUESTION = 'Explain the Calvin cycle in detail';
export const CYCLE_ANSWER = Array.from({ length: 6 }, (_, i) => [
  `Step ${i + 1} of the Calvin cycle happens in the stroma of the chloroplast and depends on the ATP and NADPH`,
  'made by the light-dependent reactions. The enzyme rubisco fixes carbon dioxide onto ribulose bisphosphate,',
  'the unstable product splits into two molecules of three-carbon phosphoglycerate, which are reduced to',
  'glyceraldehyde phosphate; most of it regenerates the starting sugar and a small part leaves to build glucose.',
].join(' ')).join(' ');

/** The team members' profile and password (the full-page chat at /chat). */
export const TEAM_PASSWORD = 'e2e team password 2026';
export const TEAM_TITLE = 'Staff assistant';
export const TEAM_GREETING = 'Hello team, ask about the staff handbook';
export const TEAM_QUESTION = 'Where is the staff handbook?';
export const TEAM_ANSWER = 'The staff handbook is on the intranet under Policies, section four, and a printed copy is in the staff room.';

/**
 * `extraProfiles` and `extraPlatforms` are appended to the seeded ones (the LTI tests add their platforms and
 * profiles this way).
 */
export function seedDocument({ partnerOrigin, publicKeyPem, extraProfiles = [], extraPlatforms = [] }) {
  return {
    models: [{ id: 'offline', provider: 'offline', contextWindow: 8192 }],
    profiles: [
      {
        id: 'course',
        title: PROFILE_TITLE,
        instructions: 'You are the Biology 101 course assistant. Answer briefly.',
        model: 'offline',
        temperature: 0.3,
        maxOutputTokens: 512,
        greeting: GREETING,
        starters: STARTERS,
        theme: { accent: '#0a66c2' },
        locale: 'en',
        knowledge: [
          { q: 'What is due this week? When is the essay draft due?', a: DUE_ANSWER },
          { q: 'When is the lab? Where is the leaf pigment lab?', a: LAB_ANSWER },
          { q: 'What does chlorophyll do? What is chlorophyll?', a: CHLOROPHYLL_ANSWER },
          { q: 'Explain the Calvin cycle in detail', a: CYCLE_ANSWER },
        ],
      },
      {
        id: 'staff',
        title: TEAM_TITLE,
        instructions: 'You are the staff assistant. Answer briefly.',
        model: 'offline',
        greeting: TEAM_GREETING,
        starters: [TEAM_QUESTION],
        theme: { accent: '#2d6a4f' },
        locale: 'en',
        knowledge: [{ q: 'Where is the staff handbook? Where are the policies?', a: TEAM_ANSWER }],
      },
      ...extraProfiles,
    ],
    platforms: [
      {
        id: 'e2e',
        issuer: partnerOrigin,
        audience: 'chatwidget',
        algorithms: ['ES256'],
        publicKeyPem,
        allowedOrigins: [partnerOrigin],
        profiles: ['course'],
        defaultProfile: 'course',
        enabled: true,
      },
      ...extraPlatforms,
    ],
    team: { enabled: true, password: TEAM_PASSWORD, profile: 'staff' },
  };
}
