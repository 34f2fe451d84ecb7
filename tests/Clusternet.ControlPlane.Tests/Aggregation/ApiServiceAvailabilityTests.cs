using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Aggregation;

/// <summary>The availability controller's conditions and the 503 answers for backends that cannot be reached.</summary>
public sealed class ApiServiceAvailabilityTests(AggregationFixture fixture) : IClassFixture<AggregationFixture>
{
    [Fact]
    public async Task RegisteredBackendIsAvailableWithReasonPassed()
    {
        var condition = await fixture.WaitForAvailableAsync("v1." + AggregationFixture.Group, "True");

        Assert.Equal("Passed", condition.Reason);
        Assert.Equal("all checks passed", condition.Message);
    }

    [Fact]
    public async Task BuiltInGroupVersionsHaveLocalApiServices()
    {
        var apiService = await fixture.Client.ApiregistrationV1.ReadAPIServiceAsync("v1.apps");

        Assert.Null(apiService.Spec.Service);
        Assert.Equal(17800, apiService.Spec.GroupPriorityMinimum);
        var available = apiService.Status.Conditions.Single(c => c.Type == "Available");
        Assert.Equal(("True", "Local"), (available.Status, available.Reason));
    }

    [Fact]
    public async Task StoppedBackendTurnsUnavailableAndRequestsGet503Quickly()
    {
        await using var backend = await fixture.RegisterBackendAsync("down.clusternet.io", "down-backend");
        await fixture.WaitForAvailableAsync("v1.down.clusternet.io", "True");

        await backend.StopAsync();
        var watch = Stopwatch.StartNew();
        var (code, status) = await fixture.SendAsync(HttpMethod.Get, "/apis/down.clusternet.io/v1/namespaces/default/widgets");
        var elapsed = watch.Elapsed;
        var condition = await fixture.WaitForAvailableAsync("v1.down.clusternet.io", "False");

        Assert.Equal(503, code);
        Assert.Equal("ServiceUnavailable", status["reason"]!.GetValue<string>());
        Assert.StartsWith("error trying to reach service: Connection refused", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), elapsed.ToString());
        Assert.Equal("FailedDiscoveryCheck", condition.Reason);
        Assert.Contains("failing or missing response from https://127.0.0.1:", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABackendWhoseCertificateIsNotFromTheCaBundleIsNotTrusted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=some-other-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await using var backend = await fixture.RegisterBackendAsync("mistrusted.clusternet.io", "mistrusted-backend", Encoding.UTF8.GetBytes(otherCa.ExportCertificatePem()));

        // The availability probe does not verify the backend (as kube-aggregator's does not); proxied requests do.
        await fixture.WaitForAvailableAsync("v1.mistrusted.clusternet.io", "True");
        var (code, status) = await fixture.SendAsync(HttpMethod.Get, "/apis/mistrusted.clusternet.io/v1/namespaces/default/widgets");

        Assert.Equal(503, code);
        Assert.Equal("ServiceUnavailable", status["reason"]!.GetValue<string>());
        Assert.Contains("certificate", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceWithoutEndpointsIsUnavailableAndAnswers503()
    {
        await fixture.Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service { Metadata = new V1ObjectMeta { Name = "lonely" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "https", Port = 443 }] } },
            AggregationFixture.Namespace);
        await fixture.CreateApiServiceAsync("lonely.clusternet.io", "lonely", caBundle: null);

        var condition = await fixture.WaitForAvailableAsync("v1.lonely.clusternet.io", "False");
        var (code, status) = await fixture.SendAsync(HttpMethod.Get, "/apis/lonely.clusternet.io/v1/things");

        Assert.Equal("EndpointsNotFound", condition.Reason);
        Assert.Equal("cannot find endpoints for service/lonely in \"aggregation\"", condition.Message);
        Assert.Equal(503, code);
        Assert.Equal("ServiceUnavailable", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task MissingServiceIsReportedAsServiceNotFound()
    {
        await fixture.CreateApiServiceAsync("ghost.clusternet.io", "ghost", caBundle: null);

        var condition = await fixture.WaitForAvailableAsync("v1.ghost.clusternet.io", "False");

        Assert.Equal("ServiceNotFound", condition.Reason);
        Assert.Equal("service/ghost in \"aggregation\" is not present", condition.Message);
    }

    [Fact]
    public async Task AuthenticationConfigMapPublishesTheRequestHeaderSettings()
    {
        var configMap = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("extension-apiserver-authentication", "kube-system");

        Assert.Equal(fixture.Plane.Authority.CertificatePem, configMap.Data["client-ca-file"]);
        Assert.Contains("BEGIN CERTIFICATE", configMap.Data["requestheader-client-ca-file"], StringComparison.Ordinal);
        Assert.NotEqual(configMap.Data["client-ca-file"], configMap.Data["requestheader-client-ca-file"]);
        Assert.Equal("[\"front-proxy-client\"]", configMap.Data["requestheader-allowed-names"]);
        Assert.Equal(["X-Remote-User"], JsonSerializer.Deserialize<string[]>(configMap.Data["requestheader-username-headers"])!);
        Assert.Equal(["X-Remote-Group"], JsonSerializer.Deserialize<string[]>(configMap.Data["requestheader-group-headers"])!);
        Assert.Equal(["X-Remote-Extra-"], JsonSerializer.Deserialize<string[]>(configMap.Data["requestheader-extra-headers-prefix"])!);
    }
}
