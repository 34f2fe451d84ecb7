using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// Keeps <c>kube-system/extension-apiserver-authentication</c> as the server published it at start: recreated when
/// deleted and its data put back when changed, checked every <c>interval</c> (kube-apiserver's
/// cluster-authentication-trust controller does the same on a resync).
/// </summary>
internal sealed class AuthenticationInfoController(IReadOnlyDictionary<string, string> data, TimeSpan interval) : IControlPlaneController
{
    public string Name => "cluster-authentication-trust";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        while (true)
        {
            V1ConfigMap? current;
            try
            {
                current = await client.CoreV1.ReadNamespacedConfigMapAsync(AuthenticationConfigMap.Name, AuthenticationConfigMap.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                current = null;
            }

            try
            {
                if (current is null)
                {
                    await client.CoreV1.CreateNamespacedConfigMapAsync(
                        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = AuthenticationConfigMap.Name }, Data = data.ToDictionary() },
                        AuthenticationConfigMap.Namespace,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else if (current.Data is null || current.Data.Count != data.Count || data.Any(kv => !current.Data.TryGetValue(kv.Key, out var v) || v != kv.Value))
                {
                    current.Data = data.ToDictionary();
                    await client.CoreV1.ReplaceNamespacedConfigMapAsync(current, AuthenticationConfigMap.Name, AuthenticationConfigMap.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            catch (HttpOperationException)
            {
                // a concurrent write won; the next round looks again
            }

            await Task.Delay(interval, context.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
