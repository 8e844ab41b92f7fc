// End-to-end checks of the mirror page and Swagger UI in a real Chromium, against a running
// service at BASE_URL. Screenshots go to SCREENSHOT_DIR.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const baseUrl = new URL(process.env.BASE_URL ?? 'http://localhost:18180');
const screenshots = path.resolve(process.env.SCREENSHOT_DIR ?? path.join(here, '..', 'ci-output', 'screenshots'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PROBLEM_13_20 = '13:20 is not a valid time: expected H:MM or HH:MM with hour 1-12 and minutes 00-59';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const TOLERANCE_DEGREES = 0.5;

let browser;

before(async () => {
  await mkdir(screenshots, { recursive: true });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
});

after(async () => {
  await browser?.close();
});

/**
 * A fresh page that records what would make it untrustworthy: script errors, console errors,
 * failed responses and any request leaving the service (the page must work offline).
 */
async function openPage(viewport, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const trouble = [];
  page.on('pageerror', (error) => trouble.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('status of 400')) {
      trouble.push(`console error: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== baseUrl.origin) {
      trouble.push(`request outside the service: ${request.url()}`);
    }
  });
  page.on('response', (response) => {
    const expectedProblem = new URL(response.url()).pathname === '/clock' && response.status() === 400;
    if (response.status() >= 400 && !expectedProblem) {
      trouble.push(`${response.status()} for ${response.url()}`);
    }
  });
  return { context, page, trouble };
}

/** The time the page shows as the answer, once the answer to `mirrorTime` is in. */
async function waitForAnswer(page, mirrorTime) {
  await page.locator('#mirror-clock').and(page.locator(`[data-time="${mirrorTime}"]`)).waitFor();
  return page.locator('#actual-time').textContent();
}

/**
 * For every hand: the rotate() in its transform attribute, its data-angle, and the direction it
 * really points on screen (clockwise from 12, from the rendered geometry via getScreenCTM, so a
 * reflection applied by any ancestor is included).
 */
function readHands(page) {
  return page.evaluate(() => {
    const hands = {};
    for (const clock of ['real', 'mirror']) {
      const face = document.querySelector(`#${clock}-clock use`).getBoundingClientRect();
      hands[`${clock}.face`] = { x: face.x + face.width / 2, y: face.y + face.height / 2, width: face.width };
      for (const name of ['hour', 'minute']) {
        const hand = document.querySelector(`#${clock}-clock .hand.${name}`);
        const matrix = hand.getScreenCTM();
        const toScreen = (x, y) => ({ x: matrix.a * x + matrix.c * y + matrix.e, y: matrix.b * x + matrix.d * y + matrix.f });
        const pivot = toScreen(0, 0);
        const tip = toScreen(Number(hand.getAttribute('x2')), Number(hand.getAttribute('y2')));
        const seen = (Math.atan2(tip.x - pivot.x, pivot.y - tip.y) * 180) / Math.PI;
        const rotate = /^rotate\(([-\d.]+)\)$/.exec(hand.getAttribute('transform'));
        hands[`${clock}.${name}`] = {
          pivot,
          rotate: rotate === null ? null : Number(rotate[1]),
          dataAngle: Number(hand.dataset.angle),
          rendered: (seen + 360) % 360,
        };
      }
    }
    return hands;
  });
}

/** Both hands turn about the middle of their clock's face, which is drawn at a readable size. */
function assertCentred(hands, clock) {
  const face = hands[`${clock}.face`];
  assert.ok(face.width >= 150, `${clock} face is ${face.width} px wide`);
  for (const name of ['hour', 'minute']) {
    const { pivot } = hands[`${clock}.${name}`];
    const off = Math.hypot(pivot.x - face.x, pivot.y - face.y);
    assert.ok(off <= 1, `${clock} ${name} hand turns ${off.toFixed(1)} px away from the face centre`);
  }
}

function assertAngle(actual, expected, what) {
  const difference = Math.abs((((actual - expected) % 360) + 540) % 360 - 180);
  assert.ok(difference <= TOLERANCE_DEGREES, `${what}: expected ${expected} degrees, got ${actual}`);
}

describe('mirror page', () => {
  test('answers 12:22 with 11:38 and draws both clocks at the right angles', async () => {
    const { context, page, trouble } = await openPage(DESKTOP);
    try {
      const response = await page.goto(new URL('/mirror', baseUrl).href);
      assert.equal(new URL(page.url()).pathname, '/mirror/', '/mirror leads to /mirror/');
      assert.equal(response.status(), 200);
      // The page opens on the example in the input; wait for it so the next answer is ours.
      assert.equal(await waitForAnswer(page, '05:25'), '06:35');

      const input = page.getByLabel('Time seen in the mirror');
      await input.fill('12:22');
      await input.press('Enter');
      assert.equal(await waitForAnswer(page, '12:22'), '11:38');
      assert.equal(
        (await page.locator('#answer').textContent()).trim(),
        'A mirror showing 12:22 means the real time is 11:38',
      );
      assert.equal(await page.locator('#real-time-shown').textContent(), '11:38');
      assert.equal(await page.locator('#mirror-time-shown').textContent(), '12:22');
      assert.equal(new URL(page.url()).searchParams.get('mirror_time'), '12:22', 'the address can be shared');

      const hands = await readHands(page);
      // Real clock, 11:38: hour 11*30 + 38/2 = 349, minute 38*6 = 228.
      assert.deepEqual(
        { hour: hands['real.hour'].rotate, minute: hands['real.minute'].rotate },
        { hour: 349, minute: 228 },
      );
      assert.deepEqual(
        { hour: hands['real.hour'].dataAngle, minute: hands['real.minute'].dataAngle },
        { hour: 349, minute: 228 },
      );
      assertAngle(hands['real.hour'].rendered, 349, 'real hour hand on screen');
      assertAngle(hands['real.minute'].rendered, 228, 'real minute hand on screen');

      // Mirror clock: the real clock drawn through scale(-1,1). Its hands keep the real rotate()
      // and are seen at 12:22: hour 0*30 + 22/2 = 11, minute 22*6 = 132 (= 360 - real angle).
      assert.equal(await page.locator('#mirror-clock > g.reflection').getAttribute('transform'), 'scale(-1,1)');
      assert.equal(await page.locator('#mirror-clock > g.reflection .hand').count(), 2, 'both hands are reflected');
      assert.deepEqual(
        { hour: hands['mirror.hour'].rotate, minute: hands['mirror.minute'].rotate },
        { hour: 349, minute: 228 },
      );
      assert.deepEqual(
        { hour: hands['mirror.hour'].dataAngle, minute: hands['mirror.minute'].dataAngle },
        { hour: 11, minute: 132 },
      );
      assertAngle(hands['mirror.hour'].rendered, 11, 'mirror hour hand on screen');
      assertAngle(hands['mirror.minute'].rendered, 132, 'mirror minute hand on screen');
      assertCentred(hands, 'real');
      assertCentred(hands, 'mirror');

      // The two clocks sit side by side with the mirror between them.
      const mirrorBox = await page.locator('#mirror-clock').boundingBox();
      const glassBox = await page.locator('.mirror').boundingBox();
      const realBox = await page.locator('#real-clock').boundingBox();
      assert.ok(mirrorBox.x + mirrorBox.width <= glassBox.x, 'mirror image left of the mirror');
      assert.ok(glassBox.x + glassBox.width <= realBox.x, 'real clock right of the mirror');

      await page.screenshot({ path: path.join(screenshots, 'mirror-desktop.png') });
      assert.deepEqual(trouble, []);
    } finally {
      await context.close();
    }
  });

  test('shows the problem detail for 13:20', async () => {
    const { context, page, trouble } = await openPage(DESKTOP);
    try {
      await page.goto(new URL('/mirror/', baseUrl).href);
      await waitForAnswer(page, '05:25');
      const input = page.getByLabel('Time seen in the mirror');
      await input.fill('13:20');
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/clock' && r.status() === 400);
      await page.getByRole('button', { name: 'Show the real time' }).click();
      const problem = await (await answered).json();
      assert.equal(problem.detail, PROBLEM_13_20);

      await page.locator('#answer.error').waitFor();
      assert.equal(await page.locator('#answer').textContent(), PROBLEM_13_20);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#actual-time').count(), 0, 'no answer is left on show');
      await page.screenshot({ path: path.join(screenshots, 'mirror-problem.png') });

      // A good time afterwards clears the problem.
      await input.fill('01:50');
      await input.press('Enter');
      assert.equal(await waitForAnswer(page, '01:50'), '10:10');
      assert.equal(await input.getAttribute('aria-invalid'), null);
      assert.deepEqual(trouble, []);
    } finally {
      await context.close();
    }
  });

  test('is usable from the keyboard, with a visible focus and a live answer region', async () => {
    // In the dark colour scheme, so that one is seen too (mirror-dark.png).
    const { context, page, trouble } = await openPage(DESKTOP, { colorScheme: 'dark' });
    try {
      await page.goto(new URL('/mirror/?mirror_time=11:58', baseUrl).href);
      assert.equal(await waitForAnswer(page, '11:58'), '12:02', 'a shared address opens on its question');
      assert.equal(await page.locator('#answer').getAttribute('aria-live'), 'polite');

      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'mirror-time');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        return { text: element.textContent, outline: style.outlineStyle, width: style.outlineWidth };
      });
      assert.equal(focused.text, 'Show the real time');
      assert.equal(focused.outline, 'solid');
      assert.equal(focused.width, '3px');

      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('4:25');
      await page.keyboard.press('Enter');
      assert.equal(await waitForAnswer(page, '04:25'), '07:35');
      await page.screenshot({ path: path.join(screenshots, 'mirror-dark.png') });
      assert.deepEqual(trouble, []);
    } finally {
      await context.close();
    }
  });

  test('stacks the clocks on a phone without sideways scrolling', async () => {
    const { context, page, trouble } = await openPage(PHONE, { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      await page.goto(new URL('/mirror/?mirror_time=12:22', baseUrl).href);
      assert.equal(await waitForAnswer(page, '12:22'), '11:38');
      const mirrorBox = await page.locator('#mirror-clock').boundingBox();
      const realBox = await page.locator('#real-clock').boundingBox();
      assert.ok(mirrorBox.y + mirrorBox.height <= realBox.y, 'real clock below the mirror image');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `page is ${width} px wide on a ${PHONE.width} px screen`);
      const hands = await readHands(page);
      assertAngle(hands['mirror.hour'].rendered, 11, 'mirror hour hand on screen');
      assertAngle(hands['real.minute'].rendered, 228, 'real minute hand on screen');
      assertCentred(hands, 'real');
      assertCentred(hands, 'mirror');
      await page.screenshot({ path: path.join(screenshots, 'mirror-phone.png'), fullPage: true });
      assert.deepEqual(trouble, []);
    } finally {
      await context.close();
    }
  });
});

describe('Swagger UI', () => {
  test('lists GET /clock and links to the mirror page', async () => {
    const { context, page, trouble } = await openPage(DESKTOP);
    try {
      await page.goto(new URL('/', baseUrl).href);
      const operation = page.locator('#operations-clock-readMirrorClock');
      await operation.waitFor();
      assert.equal(await operation.locator('.opblock-summary-method').textContent(), 'GET');
      assert.equal(await operation.locator('.opblock-summary-path').getAttribute('data-path'), '/clock');
      const link = page.locator('.information-container a[href="/mirror/"]');
      await link.waitFor();
      await page.screenshot({ path: path.join(screenshots, 'swagger-ui.png') });
      assert.deepEqual(trouble, []);
    } finally {
      await context.close();
    }
  });
});
