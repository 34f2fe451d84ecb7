// Drives an API server with @kubernetes/client-node 1.4 the way a Node.js operator would: typed CoreV1Api and
// CustomObjectsApi calls, a raw Watch, and an informer that must recover from 410 Gone by re-listing.
//
//   node compat.mjs <kubeconfig>
//
// Prints one line per check ("ok <name>" or "fail <name>: <reason>") and exits 1 when any check failed.
// The informer check assumes the server keeps a short watch history (the C# test starts it with
// HistoryCapacity = 50): it makes HISTORY_WRITES writes while the informer is stopped, so resuming from the
// informer's last resourceVersion must answer 410 Expired.
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { check, describe, expect, finish, waitable, within } from './checks.mjs';

const HISTORY_WRITES = 60;
const STEP_TIMEOUT_MS = 15000;

const kubeconfigPath = process.argv[2];
if (!kubeconfigPath) {
  console.error('usage: node compat.mjs <kubeconfig>');
  process.exit(2);
}

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
const extensions = kc.makeApiClient(ApiextensionsV1Api);
// client-node 1.4 sends application/json-patch+json unless the Content-Type is overridden per call.
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

const ns = `cn-${Date.now().toString(36)}`;
const configMap = (name, labels, data) => ({ metadata: { name, labels }, data });

// --- CoreV1: create, list by label, read, merge patch -------------------------------------------------

await check('create-namespace', async () => {
  const created = await core.createNamespace({ body: { metadata: { name: ns } } });
  expect(created.metadata?.name === ns, `name ${created.metadata?.name}`);
});

await check('create-configmap', async () => {
  const created = await core.createNamespacedConfigMap({ namespace: ns, body: configMap('settings', { app: 'demo' }, { a: '1' }) });
  expect(created.metadata?.uid, 'no uid');
  expect(created.metadata?.resourceVersion, 'no resourceVersion');
  await core.createNamespacedConfigMap({ namespace: ns, body: configMap('other', { app: 'else' }, { b: '2' }) });
});

await check('create-duplicate-409', async () => {
  try {
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('settings', {}, {}) });
  } catch (err) {
    expect(err.code === 409, `code ${err.code}`);
    expect(JSON.parse(err.body).reason === 'AlreadyExists', `body ${err.body}`);
    return;
  }
  throw new Error('duplicate create succeeded');
});

await check('list-label-selector', async () => {
  const list = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'app=demo' });
  const names = list.items.map((i) => i.metadata?.name);
  expect(names.length === 1 && names[0] === 'settings', `items ${JSON.stringify(names)}`);
  expect(list.metadata?.resourceVersion, 'list has no resourceVersion');
});

await check('read-configmap', async () => {
  const read = await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });
  expect(read.data?.a === '1', `data ${JSON.stringify(read.data)}`);
});

await check('read-missing-404', async () => {
  try {
    await core.readNamespacedConfigMap({ name: 'nope', namespace: ns });
  } catch (err) {
    expect(err.code === 404, `code ${err.code}`);
    return;
  }
  throw new Error('read of a missing object succeeded');
});

await check('merge-patch-configmap', async () => {
  const patched = await core.patchNamespacedConfigMap(
    { name: 'settings', namespace: ns, body: { data: { b: '2' }, metadata: { labels: { tier: 'x' } } } },
    mergePatch,
  );
  expect(patched.data?.a === '1' && patched.data?.b === '2', `data ${JSON.stringify(patched.data)}`);
  expect(patched.metadata?.labels?.app === 'demo' && patched.metadata?.labels?.tier === 'x', `labels ${JSON.stringify(patched.metadata?.labels)}`);
});

await check('json-patch-configmap', async () => {
  // No Content-Type override: client-node's default is JSON Patch, so the body is an operation array.
  const patched = await core.patchNamespacedConfigMap({
    name: 'settings', namespace: ns, body: [{ op: 'replace', path: '/data/a', value: '10' }],
  });
  expect(patched.data?.a === '10', `data ${JSON.stringify(patched.data)}`);
});

// --- Watch: ADDED, MODIFIED, DELETED for this script's own changes ------------------------------------

await check('watch-configmaps', async () => {
  const start = await core.listNamespacedConfigMap({ namespace: ns });
  const seen = [];
  const signal = waitable(STEP_TIMEOUT_MS);
  let closedWith;
  const watch = new Watch(kc);
  const controller = await watch.watch(
    `/api/v1/namespaces/${ns}/configmaps`,
    { resourceVersion: start.metadata.resourceVersion, allowWatchBookmarks: true },
    (type, obj) => {
      if (obj?.metadata?.name === 'watched') {
        seen.push(`${type}:${obj.data?.v ?? ''}`);
        signal.poke();
      }
    },
    (err) => {
      closedWith = err ?? 'closed';
      signal.poke();
    },
  );
  try {
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('watched', {}, { v: '1' }) });
    await core.patchNamespacedConfigMap({ name: 'watched', namespace: ns, body: { data: { v: '2' } } }, mergePatch);
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: ns });
    await signal.until(() => seen.length >= 3 || closedWith !== undefined, 'three watch events');
    expect(closedWith === undefined, `watch ended early: ${describe(closedWith)}`);
    const want = ['ADDED:1', 'MODIFIED:2', 'DELETED:2'];
    expect(JSON.stringify(seen) === JSON.stringify(want), `events ${JSON.stringify(seen)}`);
  } finally {
    controller.abort();
  }
});

await check('delete-configmap', async () => {
  await core.deleteNamespacedConfigMap({ name: 'other', namespace: ns });
  try {
    await core.readNamespacedConfigMap({ name: 'other', namespace: ns });
  } catch (err) {
    expect(err.code === 404, `read after delete: code ${err.code}`);
    return;
  }
  throw new Error('object still readable after delete');
});

// --- CustomObjectsApi on a CRD ------------------------------------------------------------------------

const group = 'compat.example.com';
await check('custom-objects', async () => {
  await extensions.createCustomResourceDefinition({
    body: {
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        // The typed model's property for x-kubernetes-preserve-unknown-fields is x_kubernetes_preserve_unknown_fields
        // in 1.4 (V1JSONSchemaProps); any other spelling is silently dropped and the server prunes spec to {}.
        versions: [{
          name: 'v1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } } },
        }],
      },
    },
  });
  const ref = { group, version: 'v1', namespace: ns, plural: 'widgets' };
  await custom.createNamespacedCustomObject({
    ...ref, body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } },
  });
  const patched = await custom.patchNamespacedCustomObject({ ...ref, name: 'w1', body: { spec: { color: 'red' } } }, mergePatch);
  expect(patched.spec?.size === 1 && patched.spec?.color === 'red', `spec ${JSON.stringify(patched.spec)}`);
  const got = await custom.getNamespacedCustomObject({ ...ref, name: 'w1' });
  expect(got.spec?.color === 'red', `get spec ${JSON.stringify(got.spec)}`);
  const list = await custom.listNamespacedCustomObject(ref);
  expect(list.items?.length === 1, `list ${JSON.stringify(list.items?.map((i) => i.metadata.name))}`);
});

// --- Informer: resume after the history moved on gets 410, the informer re-lists -----------------------

await check('watch-expired-410', async () => {
  // The raw protocol first: a watch from a resourceVersion older than the kept history gets an ERROR event
  // carrying a 410 Status, then the server ends the stream.
  const old = (await core.listNamespacedConfigMap({ namespace: ns })).metadata.resourceVersion;
  for (let i = 0; i < HISTORY_WRITES; i++) {
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap(`churn-${i}`, { churn: 'yes' }, {}) });
  }
  let error;
  const done = new Promise((resolve) => {
    new Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: old },
      (type, obj) => { if (type === 'ERROR') error = obj; },
      (err) => resolve(err));
  });
  const err = await within(done, 'the expired watch to end', STEP_TIMEOUT_MS);
  expect(!err, `done with ${describe(err)}`);
  expect(error?.code === 410 && error?.reason === 'Expired', `error event ${JSON.stringify(error)}`);
});

await check('informer-relists-after-410', async () => {
  const path = `/api/v1/namespaces/${ns}/configmaps`;
  let lists = 0;
  const informer = makeInformer(kc, path, () => {
    lists++;
    return core.listNamespacedConfigMap({ namespace: ns });
  });
  const signal = waitable(STEP_TIMEOUT_MS);
  const errors = [];
  let aborts = 0;
  for (const verb of ['add', 'update', 'delete']) informer.on(verb, () => signal.poke());
  informer.on('error', (err) => {
    // stop() aborts the watch request and client-node reports that abort through the error callbacks.
    if (err?.name === 'AbortError') aborts++;
    else errors.push(err);
    signal.poke();
  });
  informer.on('connect', () => signal.poke());
  const names = () => informer.list(ns).map((o) => o.metadata.name).sort();
  const serverNames = async () =>
    (await core.listNamespacedConfigMap({ namespace: ns })).items.map((o) => o.metadata.name).sort();

  await informer.start();
  try {
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('informed', {}, { v: '1' }) });
    await signal.until(() => informer.get('informed', ns) !== undefined, 'the informer to see "informed"');
    expect(lists === 1, `lists before pause ${lists}`);

    // Pause: the watch connection is closed and the informer keeps its last resourceVersion.
    await informer.stop();
    // Wait until the aborted watch has reported back: its done handler clears the informer's current request, and
    // running after start() it would abort the new one.
    await signal.until(() => aborts === 1, 'the stopped watch to end');
    await core.deleteNamespacedConfigMap({ name: 'informed', namespace: ns });
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('born-while-paused', {}, { v: '1' }) });
    for (let i = 0; i < HISTORY_WRITES; i++) {
      await core.patchNamespacedConfigMap({ name: 'born-while-paused', namespace: ns, body: { data: { v: String(i) } } }, mergePatch);
    }
    for (let i = 0; i < 5; i++) {
      await core.deleteNamespacedConfigMap({ name: `churn-${i}`, namespace: ns });
    }

    // Resume from the stale resourceVersion: 410 → the informer drops it, re-lists, and watches again.
    await informer.start();
    await signal.until(() => lists >= 2 || errors.length > 0, 'the informer to re-list');
    expect(errors.length === 0, `informer error: ${describe(errors[0])}`);
    expect(lists === 2, `lists after resume ${lists}`);
    const want = await serverNames();
    await signal.until(() => JSON.stringify(names()) === JSON.stringify(want), 'the informer cache to match the server');
    expect(informer.get('informed', ns) === undefined, 'deleted object still cached');
    expect(informer.get('born-while-paused', ns)?.data?.v === String(HISTORY_WRITES - 1), 'stale object in cache');

    // And it is watching again: a change after the re-list arrives.
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('after-relist', {}, {}) });
    await signal.until(() => informer.get('after-relist', ns) !== undefined, 'the informer to see "after-relist"');
    expect(lists === 2, `lists after the new change ${lists}`);
  } finally {
    await informer.stop();
  }
});

await check('delete-namespace', async () => {
  await core.deleteNamespace({ name: ns });
});

finish();
