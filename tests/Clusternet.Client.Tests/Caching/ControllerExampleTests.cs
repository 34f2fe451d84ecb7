using Clusternet.Caching;
using Clusternet.Clients;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

// The controller of docs/informers.md, compiled and run here so that the documented example stays true.
public sealed class ControllerExampleTests
{
    [Fact]
    public async Task TheDocumentedControllerReconcilesEveryObjectItSees()
    {
        var server = new FakeResourceServer();
        server.Put("a");
        await using var factory = new SharedInformerFactory();
        var reconciled = new System.Collections.Concurrent.BlockingCollection<string>();
        var controller = new ConfigMapController(factory, server, key => reconciled.Add(key));
        using var cts = new CancellationTokenSource();

        var run = controller.RunAsync(workers: 2, cts.Token);
        await factory.StartAsync(cts.Token);
        Assert.True(reconciled.TryTake(out var first, TimeSpan.FromSeconds(10)));
        server.Put("b");
        Assert.True(reconciled.TryTake(out var second, TimeSpan.FromSeconds(10)));
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["default/a", "default/b"], new[] { first!, second! });
    }

    private sealed class ConfigMapController
    {
        private readonly SharedInformer<V1ConfigMap> _informer;
        private readonly RateLimitingQueue<string> _queue = new();
        private readonly Action<string> _onReconcile;

        public ConfigMapController(SharedInformerFactory factory, IResourceClient<V1ConfigMap, V1ConfigMapList> client, Action<string> onReconcile)
        {
            _onReconcile = onReconcile;
            _informer = factory.GetInformer(client);
            _informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap>
            {
                Added = (cm, _) => _queue.Add(CacheKey.Of(cm)),
                Updated = (_, cm) => _queue.Add(CacheKey.Of(cm)),
                Deleted = (cm, _) => _queue.Add(CacheKey.Of(cm)),
            });
        }

        public async Task RunAsync(int workers, CancellationToken cancellationToken)
        {
            if (!await _informer.WaitForCacheSyncAsync(cancellationToken))
            {
                return;
            }

            using var stop = cancellationToken.Register(_queue.ShutDown);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkAsync(cancellationToken)));
        }

        private async Task WorkAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var (key, shutDown) = await _queue.GetAsync(CancellationToken.None);
                if (shutDown)
                {
                    return;
                }

                try
                {
                    await ReconcileAsync(key, cancellationToken);
                    _queue.Forget(key);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    _queue.AddRateLimited(key);
                }
                finally
                {
                    _queue.Done(key);
                }
            }
        }

        private Task ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            var cm = _informer.Lister.Get(key);
            if (cm is not null)
            {
                _onReconcile(key);
            }

            return Task.CompletedTask;
        }
    }
}
