using k8s;
using System.Text.Json.Nodes;
using Clusternet.Testing;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>CRDs served at once, upstream's examples created through the API, schema validation as 422.</summary>
public sealed class CustomResourceTests(CustomResourceServerFixture server) : IClassFixture<CustomResourceServerFixture>
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        if (RepositoryPaths.UpstreamExamples is { } folder)
        {
            foreach (var file in Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (File.ReadAllText(file).Contains("apiVersion: apps.clusternet.io/", StringComparison.Ordinal))
                {
                    data.Add(Path.GetRelativePath(folder, file));
                }
            }
        }
        else
        {
            data.Add("(absent)");
        }

        return data;
    }

    [Fact]
    public async Task InstalledDefinitionsAreEstablished()
    {
        var crd = await server.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("subscriptions.apps.clusternet.io");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "NamesAccepted" && c.Status == "True");
        Assert.Equal("Subscription", crd.Status.AcceptedNames.Kind);
    }

    [Fact]
    public async Task InstalledGroupsAppearInDiscovery()
    {
        var (_, body) = await server.SendAsync(HttpMethod.Get, "/apis/apps.clusternet.io/v1alpha1");
        Assert.Contains(body["resources"]!.AsArray(), r => (string?)r!["name"] == "subscriptions");
    }

    [UpstreamTheory]
    [MemberData(nameof(ExampleFiles))]
    public async Task UpstreamExampleObjectsAreCreated(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.UpstreamExamples!, file));
        var discovery = (await server.SendAsync(HttpMethod.Get, "/apis/apps.clusternet.io/v1alpha1")).Body["resources"]!.AsArray();
        foreach (var document in text.Split("\n---", StringSplitOptions.RemoveEmptyEntries))
        {
            var parsed = ControlPlane.Api.YamlDocument.ToJson(document) as JsonObject;
            if (parsed is null || (string?)parsed["apiVersion"] != "apps.clusternet.io/v1alpha1")
            {
                continue;
            }

            var kind = (string)parsed["kind"]!;
            var plural = (string)discovery.First(r => (string?)r!["kind"] == kind && !((string)r!["name"]!).Contains('/'))!["name"]!;
            var ns = (string?)parsed["metadata"]!["namespace"] ?? "default";
            await EnsureNamespaceAsync(ns);
            var (code, body) = await server.SendAsync(HttpMethod.Post, $"/apis/apps.clusternet.io/v1alpha1/namespaces/{ns}/{plural}?fieldValidation=Strict", document, "application/yaml");
            Assert.True(code is 201 or 409, $"{file} {kind}: {code} {body.ToJsonString()}");
        }
    }

    [Fact]
    public async Task InvalidSubscriptionIsRefusedWithEveryCause()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, body) = await server.SendAsync(
            HttpMethod.Post,
            $"/apis/apps.clusternet.io/v1alpha1/namespaces/{ns}/subscriptions",
            """{"apiVersion":"apps.clusternet.io/v1alpha1","kind":"Subscription","metadata":{"name":"bad"},"spec":{"schedulingStrategy":"Foo","subscribers":[{"weight":1}]}}""");
        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)body["reason"]);
        var causes = body["details"]!["causes"]!.AsArray().Select(c => $"{(string?)c!["reason"]} {(string?)c["field"]}: {(string?)c["message"]}").ToList();
        Assert.Equal(
            [
                "FieldValueNotSupported spec.schedulingStrategy: Unsupported value: \"Foo\": supported values: \"Replication\", \"Dividing\"",
                "FieldValueRequired spec.subscribers[0].clusterAffinity: Required value",
                "FieldValueRequired spec.feeds: Required value",
            ],
            causes);
    }

    [Fact]
    public async Task StrictFieldValidationRefusesUnknownFields()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, body) = await server.SendAsync(
            HttpMethod.Post,
            $"/apis/apps.clusternet.io/v1alpha1/namespaces/{ns}/subscriptions?fieldValidation=Strict",
            """{"metadata":{"name":"s"},"spec":{"subscribers":[{"clusterAffinity":{}}],"feeds":[],"bogus":1}}""");
        Assert.Equal(400, code);
        Assert.Equal("strict decoding error: unknown field \"spec.bogus\"", (string?)body["message"]);
    }

    [Fact]
    public async Task StrategicMergePatchOnACustomResourceIsUnsupportedMediaType()
    {
        var ns = await server.NewNamespaceAsync();
        var (created, _) = await server.SendAsync(
            HttpMethod.Post,
            $"/apis/apps.clusternet.io/v1alpha1/namespaces/{ns}/subscriptions",
            """{"metadata":{"name":"smp"},"spec":{"subscribers":[{"clusterAffinity":{}}],"feeds":[]}}""");
        Assert.Equal(201, created);
        var (code, _) = await server.SendAsync(HttpMethod.Patch, $"/apis/apps.clusternet.io/v1alpha1/namespaces/{ns}/subscriptions/smp", "{}", "application/strategic-merge-patch+json");
        Assert.Equal(415, code);
    }

    [Fact]
    public async Task StatusSubresourceChangesOnlyStatus()
    {
        var ns = await server.NewNamespaceAsync();
        await server.SendAsync(
            HttpMethod.Post,
            $"/apis/apps.clusternet.io/v1alpha1/namespaces/{ns}/subscriptions",
            """{"metadata":{"name":"st"},"spec":{"subscribers":[{"clusterAffinity":{}}],"feeds":[]}}""");
        var (code, body) = await server.SendAsync(
            HttpMethod.Patch,
            $"/apis/apps.clusternet.io/v1alpha1/namespaces/{ns}/subscriptions/st/status",
            """{"spec":{"feeds":null},"status":{"completedReleases":2}}""",
            "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal(2, (int?)body["status"]!["completedReleases"]);
        Assert.NotNull(body["spec"]!["feeds"]);
        Assert.Equal(1, (int?)body["metadata"]!["generation"]);
    }

    [Fact]
    public async Task DeletedDefinitionStopsBeingServed()
    {
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "widgets.example.com" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.com",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1",
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    },
                ],
            },
        };
        await server.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        var ns = await server.NewNamespaceAsync();
        var (created, _) = await server.SendAsync(HttpMethod.Post, $"/apis/example.com/v1/namespaces/{ns}/widgets", """{"metadata":{"name":"w"}}""");
        Assert.Equal(201, created);
        await server.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.example.com");
        var (code, _) = await server.SendAsync(HttpMethod.Get, $"/apis/example.com/v1/namespaces/{ns}/widgets");
        Assert.Equal(404, code);
    }

    private async Task EnsureNamespaceAsync(string ns)
    {
        var (code, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}");
        if (code == 404)
        {
            await server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }
    }
}
