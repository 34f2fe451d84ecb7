using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Registers the hub in its parent as deploy/hub/ does on a real cluster: the Service and Endpoints the aggregator
/// dials, and the APIServices <c>v1alpha1.proxies.clusternet.io</c> (priority 1000/100) and <c>v1alpha1.shadow</c> (1/1).
/// Existing objects are brought to the wanted spec.
/// </summary>
internal sealed class HubSelfRegistrar
{
    private readonly Kubernetes _parent;
    private readonly HubSelfRegistration _registration;
    private readonly ILogger _logger;

    public HubSelfRegistrar(Kubernetes parent, HubSelfRegistration registration, ILogger logger)
    {
        _parent = parent;
        _registration = registration;
        _logger = logger;
    }

    /// <summary>Registers, retrying with backoff until it succeeds or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await RegisterAsync(cancellationToken).ConfigureAwait(false);
                HubLog.SelfRegistered(_logger, _registration.AdvertiseAddress, _registration.Port);
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException)
            {
                HubLog.SelfRegistrationFailed(_logger, e);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var ns = _registration.ServiceNamespace;
        var name = _registration.ServiceName;
        await CreateOrKeepAsync(() => _parent.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = _registration.Port, Protocol = "TCP" }] },
        };
        if (!await CreateOrKeepAsync(() => _parent.CoreV1.CreateNamespacedServiceAsync(service, ns, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            var existing = await _parent.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            existing.Spec.Ports = service.Spec.Ports;
            await _parent.CoreV1.ReplaceNamespacedServiceAsync(existing, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = _registration.AdvertiseAddress }],
                    Ports = [new Corev1EndpointPort { Name = "https", Port = _registration.Port, Protocol = "TCP" }],
                },
            ],
        };
        if (!await CreateOrKeepAsync(() => _parent.CoreV1.CreateNamespacedEndpointsAsync(endpoints, ns, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            var existing = await _parent.CoreV1.ReadNamespacedEndpointsAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            existing.Subsets = endpoints.Subsets;
            await _parent.CoreV1.ReplaceNamespacedEndpointsAsync(existing, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await ApplyApiServiceAsync(HubDiscovery.ProxiesGroup, HubDiscovery.ProxiesVersion, 1000, 100, cancellationToken).ConfigureAwait(false);
        if (_registration.RegisterShadow)
        {
            await ApplyApiServiceAsync("shadow", "v1alpha1", 1, 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyApiServiceAsync(string group, string version, int groupPriority, int versionPriority, CancellationToken cancellationToken)
    {
        var caBundle = _registration.CaBundle is { Length: > 0 } pem ? Encoding.UTF8.GetBytes(pem) : null;
        var spec = new V1APIServiceSpec
        {
            Group = group,
            Version = version,
            GroupPriorityMinimum = groupPriority,
            VersionPriority = versionPriority,
            CaBundle = caBundle,
            InsecureSkipTLSVerify = caBundle is null ? true : null,
            Service = new Apiregistrationv1ServiceReference { Name = _registration.ServiceName, NamespaceProperty = _registration.ServiceNamespace, Port = 443 },
        };
        var name = version + "." + group;
        var apiService = new V1APIService { Metadata = new V1ObjectMeta { Name = name }, Spec = spec };
        if (!await CreateOrKeepAsync(() => _parent.ApiregistrationV1.CreateAPIServiceAsync(apiService, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            var existing = await _parent.ApiregistrationV1.ReadAPIServiceAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            existing.Spec = spec;
            await _parent.ApiregistrationV1.ReplaceAPIServiceAsync(existing, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates; false when the object already exists.</summary>
    private static async Task<bool> CreateOrKeepAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
