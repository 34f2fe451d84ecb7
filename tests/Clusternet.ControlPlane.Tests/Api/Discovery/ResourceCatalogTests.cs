using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Tests.Api.Discovery;

public sealed class ResourceCatalogTests
{
    private static readonly ResourceCatalog Catalog = ResourceCatalog.CreateWithBuiltIns();

    [Theory]
    [InlineData("", "pods", "pod", "Pod", true, "po", "all")]
    [InlineData("", "services", "service", "Service", true, "svc", "all")]
    [InlineData("", "namespaces", "namespace", "Namespace", false, "ns", null)]
    [InlineData("", "configmaps", "configmap", "ConfigMap", true, "cm", null)]
    [InlineData("", "serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa", null)]
    [InlineData("", "endpoints", "endpoints", "Endpoints", true, "ep", null)]
    [InlineData("", "nodes", "node", "Node", false, "no", null)]
    [InlineData("apps", "deployments", "deployment", "Deployment", true, "deploy", "all")]
    [InlineData("apps", "statefulsets", "statefulset", "StatefulSet", true, "sts", "all")]
    [InlineData("batch", "cronjobs", "cronjob", "CronJob", true, "cj", "all")]
    [InlineData("events.k8s.io", "events", "event", "Event", true, "ev", null)]
    [InlineData("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, "crd", "api-extensions")]
    public void BuiltInResourceCarriesUpstreamNamesScopeAndCategories(
        string group, string resource, string singular, string kind, bool namespaced, string shortName, string? category)
    {
        var served = Catalog.Find(group, "v1", resource);

        Assert.NotNull(served);
        Assert.Equal(singular, served.Singular);
        Assert.Equal(kind, served.Kind);
        Assert.Equal(namespaced, served.Namespaced);
        Assert.Contains(shortName, served.ShortNames);
        Assert.Equal(category is null ? [] : [category], served.Categories);
    }

    [Fact]
    public void SecretsJobsAndLeasesHaveNoShortNames()
    {
        Assert.Empty(Catalog.Find("", "v1", "secrets")!.ShortNames);
        Assert.Empty(Catalog.Find("batch", "v1", "jobs")!.ShortNames);
        Assert.Empty(Catalog.Find("coordination.k8s.io", "v1", "leases")!.ShortNames);
    }

    [Fact]
    public void NamespacesCannotBeDeletedAsACollection()
    {
        Assert.Equal(["create", "delete", "get", "list", "patch", "update", "watch"], Catalog.Find("", "v1", "namespaces")!.Verbs);
    }

    [Theory]
    [InlineData("authentication.k8s.io", "tokenreviews")]
    [InlineData("authentication.k8s.io", "selfsubjectreviews")]
    [InlineData("authorization.k8s.io", "subjectaccessreviews")]
    [InlineData("authorization.k8s.io", "selfsubjectaccessreviews")]
    [InlineData("authorization.k8s.io", "selfsubjectrulesreviews")]
    public void ReviewKindsAreClusterScopedAndCreateOnly(string group, string resource)
    {
        var served = Catalog.Find(group, "v1", resource)!;

        Assert.Equal(["create"], served.Verbs);
        Assert.False(served.Namespaced);
    }

    [Fact]
    public void PodsOfferLogExecAttachPortForwardAndStatus()
    {
        var pods = Catalog.Find("", "v1", "pods")!;

        Assert.Equal(["get"], pods.Subresources.Single(s => s.Name == "log").Verbs);
        Assert.Equal(["create", "get"], pods.Subresources.Single(s => s.Name == "exec").Verbs);
        Assert.Equal("PodAttachOptions", pods.Subresources.Single(s => s.Name == "attach").Kind);
        Assert.Equal("PodPortForwardOptions", pods.Subresources.Single(s => s.Name == "portforward").Kind);
        Assert.Contains(pods.Subresources, s => s.Name == "status");
    }

    [Fact]
    public void DeploymentScaleAnswersWithAutoscalingScale()
    {
        var scale = Catalog.Find("apps", "v1", "deployments")!.Subresources.Single(s => s.Name == "scale");

        Assert.Equal(("autoscaling", "v1", "Scale"), (scale.Group, scale.Version, scale.Kind));
        Assert.Equal(["get", "patch", "update"], scale.Verbs);
    }

    [Fact]
    public void ServiceAccountTokenAndNamespaceFinalizeAreServed()
    {
        Assert.Equal("TokenRequest", Catalog.Find("", "v1", "serviceaccounts")!.Subresources.Single(s => s.Name == "token").Kind);
        Assert.Equal(["update"], Catalog.Find("", "v1", "namespaces")!.Subresources.Single(s => s.Name == "finalize").Verbs);
    }

    [Fact]
    public void GroupsListCoreFirstThenKubeApiserverOrderThenOthersAlphabetically()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        catalog.Add([new ServedResource("zeta.example.com", "v1", "things", "thing", "Thing", true, BuiltInResources.AllVerbs),
                     new ServedResource("alpha.example.com", "v1", "things", "thing", "Thing", true, BuiltInResources.AllVerbs)]);

        var names = catalog.Groups().Select(g => g.Name).ToList();

        Assert.Equal("", names[0]);
        Assert.Equal("apiregistration.k8s.io", names[1]);
        Assert.Equal("apps", names[2]);
        Assert.True(names.IndexOf("rbac.authorization.k8s.io") < names.IndexOf("apiextensions.k8s.io"));
        Assert.Equal(["alpha.example.com", "zeta.example.com"], names[^2..]);
    }

    [Fact]
    public void AddRaisesChangedAndBumpsTheGeneration()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        var raised = 0;
        catalog.Changed += (_, _) => raised++;
        var before = catalog.Generation;

        catalog.Add([new ServedResource("example.com", "v1", "widgets", "widget", "Widget", true, BuiltInResources.AllVerbs)]);

        Assert.Equal(1, raised);
        Assert.Equal(before + 1, catalog.Generation);
        Assert.NotNull(catalog.Find("example.com", "v1", "widgets"));
    }

    [Fact]
    public void RemovingAnUnservedResourceChangesNothing()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        var raised = 0;
        catalog.Changed += (_, _) => raised++;

        Assert.False(catalog.Remove("example.com", "v1", "widgets"));
        Assert.Equal(0, raised);
    }

    [Theory]
    [InlineData(new[] { "v1beta1", "v1", "v1alpha1", "v2" }, new[] { "v2", "v1", "v1beta1", "v1alpha1" })]
    [InlineData(new[] { "foo", "v1beta2", "v1beta10", "v3alpha1" }, new[] { "v1beta10", "v1beta2", "v3alpha1", "foo" })]
    public void VersionsSortByKubernetesPriority(string[] versions, string[] expected)
    {
        Assert.Equal(expected, versions.Order(KubeVersionOrder.Instance));
    }
}
