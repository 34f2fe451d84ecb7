// Drives a child cluster through the hub with @kubernetes/client-node 1.4, using a kubeconfig whose server is
// https://<parent>/apis/proxies.clusternet.io/v1alpha1/sockets/<id>/proxy/direct (written by ChildKubeconfig).
// ClientNodeThroughHubTests copies this file next to its own install of the packages pinned in tests/clientnode and
// checks the outcome from the child's side.
//
//   node through-hub.mjs <kubeconfig> <namespace>
//
// <namespace> exists only in the child and holds a ConfigMap "seeded" put there directly. The script leaves the
// ConfigMap "kept" (created, merge-patched, then replaced: data {stage: "replaced", patched: "yes"}) and creates and
// deletes "dropped". It prints one line per check ("ok <name>" or "fail <name>: <reason>"), then "uid kept <uid>",
// and exits 1 when any check failed.
import { CoreV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { check, describe, expect, finish, waitable } from './checks.mjs';

const STEP_TIMEOUT_MS = 30000;

const [kubeconfigPath, ns] = process.argv.slice(2);
if (!kubeconfigPath || !ns) {
  console.error('usage: node through-hub.mjs <kubeconfig> <namespace>');
  process.exit(2);
}

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

// The watch is opened first and kept open while the script writes, so its events must arrive while it streams.
const events = [];
const signal = waitable(STEP_TIMEOUT_MS);
let closedWith;
const seen = (type, name) => events.some((e) => e.type === type && e.name === name);

let watch;
await check('get-namespaces', async () => {
  const list = await core.listNamespace();
  expect(list.items.some((n) => n.metadata?.name === ns), `namespace ${ns} not listed`);
  const read = await core.readNamespace({ name: ns });
  expect(read.metadata?.name === ns, `read namespace ${read.metadata?.name}`);
});

await check('get-configmaps', async () => {
  const list = await core.listNamespacedConfigMap({ namespace: ns });
  expect(list.items.some((c) => c.metadata?.name === 'seeded'), `"seeded" not listed: ${JSON.stringify(list.items.map((c) => c.metadata?.name))}`);
  const read = await core.readNamespacedConfigMap({ name: 'seeded', namespace: ns });
  expect(read.data?.origin === 'child', `seeded data ${JSON.stringify(read.data)}`);

  watch = await new Watch(kc).watch(
    `/api/v1/namespaces/${ns}/configmaps`,
    { resourceVersion: list.metadata.resourceVersion },
    (type, obj) => {
      events.push({ type, name: obj?.metadata?.name });
      signal.poke();
    },
    (err) => {
      closedWith = err ?? 'closed';
      signal.poke();
    },
  );
});

await check('create-configmap', async () => {
  const created = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'kept' }, data: { stage: 'created' } } });
  expect(created.metadata?.uid, 'no uid');
  console.log(`uid kept ${created.metadata.uid}`);
});

await check('watch-sees-create', () => signal.until(() => seen('ADDED', 'kept') || closedWith !== undefined, 'ADDED kept')
  .then(() => expect(closedWith === undefined, `watch ended early: ${describe(closedWith)}`)));

await check('patch-configmap', async () => {
  const patched = await core.patchNamespacedConfigMap({ name: 'kept', namespace: ns, body: { data: { stage: 'patched', patched: 'yes' } } }, mergePatch);
  expect(patched.data?.stage === 'patched' && patched.data?.patched === 'yes', `data ${JSON.stringify(patched.data)}`);
});

await check('replace-configmap', async () => {
  const current = await core.readNamespacedConfigMap({ name: 'kept', namespace: ns });
  current.data = { ...current.data, stage: 'replaced' };
  const replaced = await core.replaceNamespacedConfigMap({ name: 'kept', namespace: ns, body: current });
  expect(replaced.data?.stage === 'replaced', `data ${JSON.stringify(replaced.data)}`);
});

await check('watch-sees-updates', () => signal.until(() => events.filter((e) => e.type === 'MODIFIED' && e.name === 'kept').length >= 2 || closedWith !== undefined, 'two MODIFIED kept')
  .then(() => expect(closedWith === undefined, `watch ended early: ${describe(closedWith)}`)));

await check('delete-configmap', async () => {
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'dropped' }, data: { v: '1' } } });
  await core.deleteNamespacedConfigMap({ name: 'dropped', namespace: ns });
  try {
    await core.readNamespacedConfigMap({ name: 'dropped', namespace: ns });
  } catch (err) {
    expect(err.code === 404, `read after delete: code ${err.code}`);
    return;
  }
  throw new Error('object still readable after delete');
});

await check('watch-sees-delete', () => signal.until(() => seen('DELETED', 'dropped') || closedWith !== undefined, 'DELETED dropped')
  .then(() => expect(closedWith === undefined, `watch ended early: ${describe(closedWith)}`)));

watch?.abort();
finish();
