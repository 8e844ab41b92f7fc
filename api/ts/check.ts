// Calls the service through the typescript-fetch client generated from its served document: the
// original's table, a one-digit hour, and invalid times read as typed problems.
import { strict as assert } from 'node:assert';
import { ClockApi, Configuration, ProblemFromJSON, ResponseError } from '../target/ts-client';

const baseUrl = process.argv[2];
const clock = new ClockApi(new Configuration({ basePath: baseUrl }));
let passed = 0;
let failed = 0;

async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    passed++;
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAILED ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const table: [string, string, string][] = [
  ['12:22', '12:22', '11:38'],
  ['05:25', '05:25', '06:35'],
  ['01:50', '01:50', '10:10'],
  ['11:58', '11:58', '12:02'],
  ['12:01', '12:01', '11:59'],
  ['2:11', '02:11', '09:49'],
];

async function main(): Promise<void> {
  for (const [asked, mirror, actual] of table) {
    await check(`${asked} -> ${actual}`, async () => {
      const answer = await clock.readMirrorClock({ mirrorTime: asked });
      assert.equal(answer.mirrorTime, mirror);
      assert.equal(answer.actualTime, actual);
    });
  }
  for (const value of ['00:20', '13:20', '12:60', '1:5', '12-22']) {
    await check(`${value} is a 400 problem`, async () => {
      const error = await clock.readMirrorClock({ mirrorTime: value }).then(
        () => assert.fail('no error'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ResponseError);
      assert.equal(error.response.status, 400);
      assert.equal(error.response.headers.get('content-type'), 'application/problem+json');
      const problem = ProblemFromJSON(await error.response.json());
      assert.equal(problem.status, 400);
      assert.equal(problem.title, 'Bad Request');
      assert.equal(
        problem.detail,
        `${value} is not a valid time: expected H:MM or HH:MM with hour 1-12 and minutes 00-59`,
      );
      assert.equal(problem.instance, '/clock');
    });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
