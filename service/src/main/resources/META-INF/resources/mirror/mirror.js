// Asks GET /clock for the real time behind a mirror time and draws both clocks.
'use strict';

(() => {
  const form = document.getElementById('ask');
  const input = document.getElementById('mirror-time');
  const answer = document.getElementById('answer');
  const realClock = document.getElementById('real-clock');
  const mirrorClock = document.getElementById('mirror-clock');
  const realShown = document.getElementById('real-time-shown');
  const mirrorShown = document.getElementById('mirror-time-shown');
  const clockUrl = new URL('../clock', document.baseURI);

  // Only the answer to the latest question is shown, whatever order the answers arrive in.
  let latest = 0;

  /** Clockwise degrees from 12 for the hands of a time "HH:MM". */
  function handAngles(time) {
    const [hours, minutes] = time.split(':').map(Number);
    return { hour: (hours % 12) * 30 + minutes * 0.5, minute: minutes * 6 };
  }

  function setHand(clock, name, drawn, seen) {
    const hand = clock.querySelector(`.hand.${name}`);
    hand.setAttribute('transform', `rotate(${drawn})`);
    hand.dataset.angle = String(seen);
  }

  function draw(mirrorTime, actualTime) {
    const real = handAngles(actualTime);
    setHand(realClock, 'hour', real.hour, real.hour);
    setHand(realClock, 'minute', real.minute, real.minute);
    // The mirror clock is the real one drawn through scale(-1,1), so it carries the same
    // rotations and is seen turned the other way round.
    setHand(mirrorClock, 'hour', real.hour, (360 - real.hour) % 360);
    setHand(mirrorClock, 'minute', real.minute, (360 - real.minute) % 360);
    realClock.dataset.time = actualTime;
    mirrorClock.dataset.time = mirrorTime;
    realClock.setAttribute('aria-label', `Real clock showing ${actualTime}`);
    mirrorClock.setAttribute('aria-label', `Clock seen in the mirror, reading ${mirrorTime}`);
    realShown.textContent = actualTime;
    mirrorShown.textContent = mirrorTime;
  }

  function showAnswer(mirrorTime, actualTime) {
    const time = document.createElement('strong');
    time.id = 'actual-time';
    time.textContent = actualTime;
    answer.replaceChildren(`A mirror showing ${mirrorTime} means the real time is `, time);
    answer.classList.remove('error');
    input.removeAttribute('aria-invalid');
  }

  function showProblem(detail) {
    const text = document.createElement('span');
    text.id = 'problem-detail';
    text.textContent = detail;
    answer.replaceChildren(text);
    answer.classList.add('error');
    input.setAttribute('aria-invalid', 'true');
    document.querySelector('.scene').classList.add('stale');
  }

  async function ask(value) {
    const question = ++latest;
    form.setAttribute('aria-busy', 'true');
    const url = new URL(clockUrl);
    url.searchParams.set('mirror_time', value);
    let status = 0;
    let body = null;
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      status = response.status;
      body = await response.json().catch(() => null);
    } catch {
      status = -1;
    }
    if (question !== latest) {
      return;
    }
    form.removeAttribute('aria-busy');
    if (status === 200 && body && typeof body.actual_time === 'string') {
      draw(body.mirror_time, body.actual_time);
      document.querySelector('.scene').classList.remove('stale');
      showAnswer(body.mirror_time, body.actual_time);
    } else if (body && typeof body.detail === 'string') {
      showProblem(body.detail);
    } else if (status === -1) {
      showProblem('The service could not be reached. Check the connection and try again.');
    } else {
      showProblem(`The service answered with status ${status}. Try again in a moment.`);
    }
  }

  function submit(value) {
    const address = new URL(location.href);
    address.searchParams.set('mirror_time', value);
    history.replaceState(null, '', address);
    ask(value);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(input.value.trim());
  });

  for (const example of document.querySelectorAll('button.example')) {
    example.addEventListener('click', () => {
      input.value = example.dataset.time;
      submit(example.dataset.time);
    });
  }

  // A shared address (?mirror_time=...) opens on its question; otherwise on the input's example.
  const asked = new URLSearchParams(location.search).get('mirror_time');
  if (asked !== null) {
    input.value = asked;
  }
  ask(input.value.trim());
})();
