using System.Net;
using System.Text.Json.Nodes;
using Clusternet.Runtime.Hub.Shadow;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

[Collection(ShadowCollection.Name)]
public sealed class ShadowDiscoveryTests(ShadowFixture fixture)
{
    private JsonArray Resources() => JsonNode.Parse(fixture.Api.ResourceList())!["resources"]!.AsArray();

    private JsonObject? Entry(string name) => Resources().OfType<JsonObject>().FirstOrDefault(r => r["name"]!.GetValue<string>() == name);

    [Fact]
    public async Task The_resource_list_is_served_at_the_group_version_path()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler);

        var list = JsonNode.Parse(await http.GetStringAsync(new Uri(fixture.Address, "/apis/shadow/v1alpha1")))!;

        Assert.Equal("APIResourceList", list["kind"]!.GetValue<string>());
        Assert.Equal("shadow/v1alpha1", list["groupVersion"]!.GetValue<string>());
    }

    [Fact]
    public void A_built_in_resource_is_listed_with_its_original_group_version_kind_and_verbs()
    {
        var deployments = Entry("deployments")!;

        Assert.Equal("apps", deployments["group"]!.GetValue<string>());
        Assert.Equal("v1", deployments["version"]!.GetValue<string>());
        Assert.Equal("Deployment", deployments["kind"]!.GetValue<string>());
        Assert.True(deployments["namespaced"]!.GetValue<bool>());
        Assert.Contains("deploy", deployments["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["clusternet.shadow"], deployments["categories"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Superset(new HashSet<string> { "create", "get", "list", "watch", "update", "patch", "delete" },
            deployments["verbs"]!.AsArray().Select(s => s!.GetValue<string>()).ToHashSet());
        Assert.NotNull(Entry("deployments/scale"));
        Assert.False(Entry("namespaces")!["namespaced"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("manifests")]
    [InlineData("subscriptions")]
    [InlineData("managedclusters")]
    [InlineData("apiservices")]
    [InlineData("tokenreviews")]
    [InlineData("selfsubjectaccessreviews")]
    public void Clusternet_groups_apiservices_and_create_only_reviews_are_not_mirrored(string plural)
    {
        Assert.Null(Entry(plural));
    }

    [Fact]
    public async Task A_crd_added_to_the_parent_later_is_mirrored_and_removed_with_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await fixture.Parent.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Crd(), cancellationToken: timeout.Token);
        await WaitForAsync(() => fixture.Api.Catalog.Find("gadgets") is not null, timeout.Token);

        var entry = Entry("gadgets")!;
        Assert.Equal("example.io", entry["group"]!.GetValue<string>());
        Assert.Equal("Gadget", entry["kind"]!.GetValue<string>());
        Assert.Equal(["gdg"], entry["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));

        await fixture.Parent.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("gadgets.example.io", cancellationToken: timeout.Token);
        await WaitForAsync(() => fixture.Api.Catalog.Find("gadgets") is null, timeout.Token);
        Assert.Null(Entry("gadgets"));
    }

    [Fact]
    public async Task A_custom_resource_is_stored_and_validated_by_its_crds_schema()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var crd = Crd("widgets", "Widget", "wdg");
        await fixture.Parent.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: timeout.Token);
        await WaitForAsync(() => fixture.Api.Catalog.Find("widgets") is not null, timeout.Token);

        var widget = new JsonObject { ["apiVersion"] = "example.io/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w1" }, ["spec"] = new JsonObject { ["size"] = 3 } };
        await fixture.Shadow.CustomObjects.CreateNamespacedCustomObjectAsync(widget, "example.io", "v1", "crs", "widgets", cancellationToken: timeout.Token);
        var read = JsonNode.Parse(KubernetesJson.Serialize(await fixture.Shadow.CustomObjects.GetNamespacedCustomObjectAsync("example.io", "v1", "crs", "widgets", "w1", cancellationToken: timeout.Token)))!;
        var invalid = new JsonObject { ["apiVersion"] = "example.io/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w2" }, ["spec"] = new JsonObject { ["size"] = "big" } };
        var failure = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Shadow.CustomObjects.CreateNamespacedCustomObjectAsync(invalid, "example.io", "v1", "crs", "widgets", cancellationToken: timeout.Token));

        Assert.Equal("Widget", read["kind"]!.GetValue<string>());
        Assert.Equal(3, read["spec"]!["size"]!.GetValue<int>());
        Assert.NotNull(await fixture.Manifests.GetAsync("widgets.crs.w1", timeout.Token));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failure.Response.StatusCode);
        Assert.Empty((await fixture.Parent.CustomObjects.ListNamespacedCustomObjectAsync("example.io", "v1", "crs", "widgets", cancellationToken: timeout.Token) as System.Text.Json.JsonElement?)!.Value.GetProperty("items").EnumerateArray());
    }

    private async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = fixture.Api.Catalog.NextChangeAsync(cancellationToken);
            if (condition())
            {
                return;
            }

            await next;
        }
    }

    private static V1CustomResourceDefinition Crd(string plural = "gadgets", string kind = "Gadget", string shortName = "gdg") => new()
    {
        Metadata = new V1ObjectMeta { Name = plural + ".example.io" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "example.io",
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = plural, Singular = kind.ToLowerInvariant(), Kind = kind, ShortNames = [shortName] },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1",
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new() { Type = "object", Properties = new Dictionary<string, V1JSONSchemaProps> { ["size"] = new() { Type = "integer" } } },
                            },
                        },
                    },
                },
            ],
        },
    };
}
