using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.Testing;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Discovery;

public sealed class CustomResourceDefinitionResourcesTests
{
    internal static V1CustomResourceDefinition Widgets() => KubernetesYaml.Deserialize<V1CustomResourceDefinition>("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Cluster
          names:
            plural: widgets
            singular: widget
            kind: Widget
            listKind: WidgetList
            shortNames: [wd]
            categories: [all, gadgets]
          versions:
          - name: v1beta1
            served: true
            storage: false
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Ready, type: string, jsonPath: ".status.conditions[?(@.type=='Ready')].status", priority: 1}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
          - name: v1alpha1
            served: false
            storage: false
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """);

    [Fact]
    public void EveryServedVersionBecomesAResource()
    {
        var resources = CustomResourceDefinitionResources.From(Widgets());

        Assert.Equal(["v1beta1", "v1"], resources.Select(r => r.Version));
        Assert.All(resources, r =>
        {
            Assert.Equal(("example.com", "widgets", "widget", "Widget"), (r.Group, r.Resource, r.Singular, r.Kind));
            Assert.False(r.Namespaced);
            Assert.Equal(["wd"], r.ShortNames);
            Assert.Equal(["all", "gadgets"], r.Categories);
            Assert.Equal("widgets.example.com", r.DefinedBy);
        });
    }

    [Fact]
    public void StatusAndScaleSubresourcesAndStorageFlagFollowTheVersion()
    {
        var resources = CustomResourceDefinitionResources.From(Widgets());
        var v1 = resources.Single(r => r.Version == "v1");

        Assert.True(v1.StorageVersion);
        Assert.False(resources.Single(r => r.Version == "v1beta1").StorageVersion);
        Assert.Equal(["scale", "status"], v1.Subresources.Select(s => s.Name));
        Assert.Equal("Widget", v1.Subresources.Single(s => s.Name == "status").Kind);
        Assert.Empty(resources.Single(r => r.Version == "v1beta1").Subresources);
    }

    [Fact]
    public void PrinterColumnsComeFromTheVersionOrDefaultToAge()
    {
        var resources = CustomResourceDefinitionResources.From(Widgets());

        Assert.Equal(["Size", "Ready"], resources.Single(r => r.Version == "v1").PrinterColumns.Select(c => c.Name));
        Assert.Equal(1, resources.Single(r => r.Version == "v1").PrinterColumns[1].Priority);
        var age = Assert.Single(resources.Single(r => r.Version == "v1beta1").PrinterColumns);
        Assert.Equal(("Age", "date", ".metadata.creationTimestamp"), (age.Name, age.Type, age.JsonPath));
    }

    [Fact]
    public void ApplyingTheDefinitionAgainDropsVersionsNoLongerServed()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        var crd = Widgets();
        catalog.Apply(crd);
        crd.Spec.Versions[0].Served = false;

        catalog.Apply(crd);

        Assert.Null(catalog.Find("example.com", "v1beta1", "widgets"));
        Assert.NotNull(catalog.Find("example.com", "v1", "widgets"));
    }

    [Fact]
    public void RemovingTheDefinitionRemovesItsGroup()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        catalog.Apply(Widgets());

        Assert.True(catalog.RemoveDefinition("widgets.example.com"));

        Assert.DoesNotContain(catalog.Groups(), g => g.Name == "example.com");
    }

    [UpstreamFact]
    public void UpstreamManagedClusterDefinitionServesItsNamesAndColumns()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(
            File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamCrds!, "clusters.clusternet.io_managedclusters.yaml")));

        var resource = Assert.Single(CustomResourceDefinitionResources.From(crd));

        Assert.Equal(("clusters.clusternet.io", "v1beta1", "managedclusters", "managedcluster", "ManagedCluster"),
            (resource.Group, resource.Version, resource.Resource, resource.Singular, resource.Kind));
        Assert.True(resource.Namespaced);
        Assert.Equal(["mcls"], resource.ShortNames);
        Assert.Equal(["clusternet"], resource.Categories);
        Assert.Equal(["status"], resource.Subresources.Select(s => s.Name));
        Assert.Equal(["CLUSTER ID", "CLUSTER TYPE", "SYNC MODE", "KUBERNETES", "STATUS", "AGE", "AGENT VERSION"], resource.PrinterColumns.Select(c => c.Name));
    }
}
