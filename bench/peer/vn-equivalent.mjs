// The peer for bench/engine: bpmn-engine (npm, pinned in bench/package.json) running, in memory, a
// process equivalent to the Västernorrland routine's typical path (the same 61 user tasks: 9 answers
// at step 5, 8 appointments at step 15, one 20-22 completion loop, 8 principal decisions at 24, the
// 30/31-32 parallel part and the yearly follow-up as a timer). Nothing is persisted.
//   node bench/peer/vn-equivalent.mjs [cases] [clients] [held]
// Prints `name: value unit` lines: user tasks per second with 1 and with `clients` instances
// running at once, and heap bytes per live instance (`held` instances waiting at step 24).
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';

const cases = Number(process.argv[2] ?? 200);
const clients = Number(process.argv[3] ?? 32);
const held = Number(process.argv[4] ?? 200);

// The process as a chain of parts: a user task, a parallel multi-instance user task, the 20-22
// loop, the message (a receive task), the parallel part and the timer.
function buildSource() {
  const nodes = [];
  const flows = [];
  let n = 0;
  const flow = (from, to, extra = '') => flows.push(`<sequenceFlow id="f${n++}" sourceRef="${from}" targetRef="${to}"${extra}`);
  const task = (id, mi = 0) => nodes.push(mi
    ? `<userTask id="${id}"><multiInstanceLoopCharacteristics isSequential="false"><loopCardinality>${mi}</loopCardinality></multiInstanceLoopCharacteristics></userTask>`
    : `<userTask id="${id}" />`);
  nodes.push('<startEvent id="start" />');
  let prev = 'start';
  const chain = (id) => { flow(prev, id); prev = id; };
  const seq = [['t3'], ['t4'], ['t5', 9], ['t7'], ['national_decision', 'receive'], ['t11'], ['t12'], ['t13a'], ['t13b'],
    ['t14'], ['t15', 8], ['t16'], ['t17a'], ['t17b'], ['t18'], ['t19']];
  for (const [id, mi] of seq) {
    if (mi === 'receive') nodes.push(`<receiveTask id="${id}" />`); else task(id, mi);
    chain(id);
  }
  // 20-22 with one completion loop back to 20.
  task('t20'); task('t21'); task('t22');
  chain('t20'); chain('t21'); chain('t22');
  nodes.push('<exclusiveGateway id="g22" default="f_on" />');
  chain('g22');
  flows.push(`<sequenceFlow id="f_loop" sourceRef="g22" targetRef="t20"><conditionExpression xsi:type="tFormalExpression">\${environment.services.again()}</conditionExpression></sequenceFlow>`);
  task('t23');
  flows.push('<sequenceFlow id="f_on" sourceRef="g22" targetRef="t23" />');
  prev = 't23';
  for (const [id, mi] of [['t24', 8], ['t25'], ['t26'], ['t27'], ['t28'], ['t29']]) { task(id, mi); chain(id); }
  nodes.push('<parallelGateway id="split" />', '<parallelGateway id="join" />');
  chain('split');
  task('t31'); task('t32'); task('t30', 8);
  flow('split', 't31'); flow('t31', 't32'); flow('t32', 'join'); flow('split', 't30'); flow('t30', 'join');
  prev = 'join';
  nodes.push('<intermediateCatchEvent id="wait_followup"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">PT0S</timeDuration></timerEventDefinition></intermediateCatchEvent>');
  chain('wait_followup');
  task('t33'); chain('t33');
  nodes.push('<endEvent id="end" />'); chain('end');
  const fixed = flows.map((f) => (f.endsWith('</sequenceFlow>') || f.endsWith('/>') ? f : `${f} />`));
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="vn" targetNamespace="http://ks.example/bench">
<process id="vasternorrland_equivalent" isExecutable="true">
${nodes.join('\n')}
${fixed.join('\n')}
</process>
</definitions>`;
}

const source = buildSource();
let completed = 0;

// Runs one instance to its end; every user task is completed (signalled) on a later turn of the
// event loop, as a client's request would. `hold` parks the step-24 tasks until released.
function runInstance(hold) {
  return new Promise((resolve, reject) => {
    let loops = 0;
    const engine = new Engine({ name: 'vn', source, services: { again: () => loops++ < 1 } });
    const listener = new EventEmitter();
    listener.on('wait', (api) => {
      const go = () => setImmediate(() => { completed += api.type === 'bpmn:UserTask' ? 1 : 0; api.signal({ answer: 'Inga invändningar.' }); });
      if (hold && api.id === 't24') hold.push(go); else go();
    });
    engine.execute({ listener }).catch(reject);
    engine.once('end', () => resolve());
    engine.once('error', reject);
  });
}

async function throughput(total, concurrency) {
  completed = 0;
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => { while (next++ < total) await runInstance(null); };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { tasks_per_s: completed / s, cases_per_s: total / s, tasks_per_case: completed / total };
}

function heap() { global.gc?.(); global.gc?.(); return process.memoryUsage().heapUsed; }

async function memoryPerLiveInstance(count) {
  const before = heap();
  const parked = [];
  const done = Array.from({ length: count }, () => runInstance(parked));
  while (parked.length < count * 8) await new Promise((r) => setTimeout(r, 5));
  const during = heap();
  for (const go of parked) go();
  await Promise.all(done);
  return (during - before) / count;
}

const one = await throughput(Math.max(10, Math.floor(cases / 4)), 1);
const many = await throughput(cases, clients);
const mem = await memoryPerLiveInstance(held);
const fig = (name, v, unit) => console.log(`${name}: ${v >= 100 ? v.toFixed(0) : v.toPrecision(3)} ${unit}`);
fig('peer.bpmn_engine.tasks_per_case', one.tasks_per_case, 'tasks');
fig('peer.bpmn_engine.c1.completions_per_s', one.tasks_per_s, 'completions/s');
fig('peer.bpmn_engine.c1.cases_per_s', one.cases_per_s, 'cases/s');
fig(`peer.bpmn_engine.c${clients}.completions_per_s`, many.tasks_per_s, 'completions/s');
fig(`peer.bpmn_engine.c${clients}.cases_per_s`, many.cases_per_s, 'cases/s');
fig('peer.bpmn_engine.memory_per_live_case', mem, 'bytes');
fig('peer.bpmn_engine.peak_rss', process.resourceUsage().maxRSS, 'KB');
