using System.Net;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Controllers;
using Clusternet.ControlPlane.Security;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// kube-aggregator's availability controllers: every <c>interval</c> each APIService's <c>Available</c> condition
/// is computed and written through the status subresource when it changed. Local APIServices (no service) are
/// Available with reason Local. For the others the Service, its port and endpoints must exist (ServiceNotFound,
/// ServicePortError, EndpointsNotFound, MissingEndpoints), and a <c>GET /apis/&lt;group&gt;/&lt;version&gt;</c> to the
/// resolved backend, as the front proxy with a privileged identity, must answer 2xx or 3xx within five seconds
/// (FailedDiscoveryCheck); then it is Passed. The aggregator routes only to Available APIServices.
/// </summary>
internal sealed class AvailabilityController(BackendTransport transport, TimeSpan interval) : IControlPlaneController
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly UserInfo Prober = UserInfo.Authenticated("system:kube-aggregator", string.Empty, [UserInfo.MastersGroup]);

    public string Name => "apiservice-availability";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        while (true)
        {
            var list = await context.Client.ApiregistrationV1.ListAPIServiceAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var apiService in list.Items)
            {
                try
                {
                    await SyncAsync(context, apiService, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpOperationException)
                {
                    // Deleted or changed meanwhile (404, 409): the next round sees the new state.
                }
            }

            await Task.Delay(interval, context.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SyncAsync(ControllerContext context, V1APIService apiService, CancellationToken cancellationToken)
    {
        var condition = apiService.Spec?.Service is { } service
            ? await CheckAsync(context.Client, new ServiceReference(service.NamespaceProperty ?? string.Empty, service.Name ?? string.Empty, service.Port ?? 443), apiService, cancellationToken).ConfigureAwait(false)
            : AvailabilityCondition.LocalCondition;
        apiService.Status ??= new V1APIServiceStatus();
        var conditions = apiService.Status.Conditions ??= [];
        var existing = conditions.FirstOrDefault(c => c.Type == "Available");
        if (existing is not null && existing.Status == condition.Status && existing.Reason == condition.Reason && existing.Message == condition.Message)
        {
            return;
        }

        var now = context.Time.GetUtcNow().UtcDateTime;
        var transition = existing is not null && existing.Status == condition.Status ? existing.LastTransitionTime ?? now : now;
        conditions.Remove(existing!);
        conditions.Add(new V1APIServiceCondition
        {
            Type = "Available",
            Status = condition.Status,
            Reason = condition.Reason,
            Message = condition.Message,
            LastTransitionTime = new DateTime(transition.Ticks - (transition.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
        });
        await context.Client.ApiregistrationV1.ReplaceAPIServiceStatusAsync(apiService, apiService.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task<AvailabilityCondition> CheckAsync(IKubernetes client, ServiceReference reference, V1APIService apiService, CancellationToken cancellationToken)
    {
        var service = await ReadAsync(() => client.CoreV1.ReadNamespacedServiceAsync(reference.Name, reference.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (service is null)
        {
            return AvailabilityCondition.ServiceNotFound(reference);
        }

        var serviceJson = ToJson(service);
        JsonObject? endpointsJson = null;
        IReadOnlyList<JsonObject> slices = [];
        if (service.Spec?.Type is null or "ClusterIP")
        {
            var port = service.Spec?.Ports?.FirstOrDefault(p => p.Port == reference.Port);
            if (port is null)
            {
                return AvailabilityCondition.ServicePortError(reference);
            }

            var endpoints = await ReadAsync(() => client.CoreV1.ReadNamespacedEndpointsAsync(reference.Name, reference.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (endpoints is null)
            {
                var sliceList = await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(reference.Namespace, labelSelector: "kubernetes.io/service-name=" + reference.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                slices = [.. sliceList.Items.Select(ToJson)];
                if (slices.Count == 0)
                {
                    return AvailabilityCondition.EndpointsNotFound(reference);
                }
            }
            else
            {
                endpointsJson = ToJson(endpoints);
            }

            if (BackendResolver.Resolve(reference, serviceJson, endpointsJson, slices).Failure == BackendFailure.NoAddresses)
            {
                return AvailabilityCondition.MissingEndpoints(reference, port.Name ?? string.Empty);
            }
        }

        var address = BackendResolver.Resolve(reference, serviceJson, endpointsJson, slices);
        if (address.Failure != BackendFailure.None)
        {
            return AvailabilityCondition.EndpointsNotFound(reference);
        }

        return await ProbeAsync(address, apiService, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AvailabilityCondition> ProbeAsync(BackendAddress address, V1APIService apiService, CancellationToken cancellationToken)
    {
        var path = apiService.Metadata.Name == "v1." ? "/api/" + apiService.Spec.Version : "/apis/" + apiService.Spec.Group + "/" + apiService.Spec.Version;
        var url = address.DisplayUri + path;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, address.BaseUri + path);
        FrontProxy.SetIdentity(request.Headers, Prober);
        try
        {
            // Like upstream's probe, the backend's certificate is not verified here: only reachability is in question.
            using var response = await transport.Insecure.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400
                ? AvailabilityCondition.Passed
                : AvailabilityCondition.FailedDiscoveryCheck($"failing or missing response from {url}: bad status from {url}: {code}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException ? "timed out waiting for " + url : $"Get \"{url}\": {e.Message}";
            return AvailabilityCondition.FailedDiscoveryCheck($"failing or missing response from {url}: {reason}");
        }
    }

    private static async Task<T?> ReadAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static JsonObject ToJson(object value) => JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();
}
