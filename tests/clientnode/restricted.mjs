// Drives an API server with @kubernetes/client-node 1.4 as a restricted ServiceAccount: it may read, list and create
// ConfigMaps in one namespace and nothing else. Every call the role allows must succeed and every other must be
// refused with a 403 Forbidden Status naming the service account.
//
//   node restricted.mjs <kubeconfig> <namespace> <service-account-user>
//
// Prints one line per check ("ok <name>" or "fail <name>: <reason>") and exits 1 when any check failed.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { check, expect, finish } from './checks.mjs';

const [kubeconfigPath, ns, user] = process.argv.slice(2);
if (!kubeconfigPath || !ns || !user) {
  console.error('usage: node restricted.mjs <kubeconfig> <namespace> <service-account-user>');
  process.exit(2);
}

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);
async function forbidden(call, verb, resource, scope) {
  try {
    await call();
  } catch (err) {
    expect(err.code === 403, `expected 403, got ${err.code}: ${JSON.stringify(err.body)}`);
    const status = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    expect(status.kind === 'Status' && status.reason === 'Forbidden', `not a Forbidden Status: ${JSON.stringify(status)}`);
    const wanted = `User "${user}" cannot ${verb} resource "${resource}" in API group "" ${scope}`;
    expect(status.message.includes(wanted), `message "${status.message}" lacks "${wanted}"`);
    return;
  }
  throw new Error(`${verb} ${resource} was allowed`);
}

await check('create-configmap-allowed', async () => {
  const created = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'from-node' }, data: { a: '1' } } });
  expect(created.metadata.name === 'from-node', 'created object has another name');
});

await check('list-configmaps-allowed', async () => {
  const list = await core.listNamespacedConfigMap({ namespace: ns });
  expect(list.items.some((c) => c.metadata.name === 'from-node'), 'the created configmap is not listed');
});

await check('read-configmap-allowed', async () => {
  const read = await core.readNamespacedConfigMap({ name: 'from-node', namespace: ns });
  expect(read.data.a === '1', 'unexpected data');
});

await check('delete-configmap-forbidden', () =>
  forbidden(() => core.deleteNamespacedConfigMap({ name: 'from-node', namespace: ns }), 'delete', 'configmaps', `in the namespace "${ns}"`));

await check('list-secrets-forbidden', () =>
  forbidden(() => core.listNamespacedSecret({ namespace: ns }), 'list', 'secrets', `in the namespace "${ns}"`));

await check('list-configmaps-elsewhere-forbidden', () =>
  forbidden(() => core.listNamespacedConfigMap({ namespace: 'default' }), 'list', 'configmaps', 'in the namespace "default"'));

await check('list-namespaces-forbidden', () =>
  forbidden(() => core.listNamespace(), 'list', 'namespaces', 'at the cluster scope'));

finish();
