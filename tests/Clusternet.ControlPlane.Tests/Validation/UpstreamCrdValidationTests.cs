using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;
using Clusternet.Testing;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Clusternet.ControlPlane.Tests.Validation;

/// <summary>Upstream's CRDs against hand-written objects and upstream's examples, through kube-apiserver's whole pipeline.</summary>
public sealed class UpstreamCrdValidationTests
{
    private static readonly StructuralSchemaValidator Validator = new();
    private static readonly StructuralSchemaPruner Pruner = new();
    private static readonly StructuralSchemaDefaulter Defaulter = new();

    public static TheoryData<string> CrdFiles()
    {
        var data = new TheoryData<string>();
        if (RepositoryPaths.UpstreamCrds is { } folder)
        {
            foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }
        else
        {
            data.Add("(absent)");
        }

        return data;
    }

    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        if (RepositoryPaths.UpstreamExamples is { } folder)
        {
            foreach (var file in Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(folder, file));
            }
        }
        else
        {
            data.Add("(absent)");
        }

        return data;
    }

    [UpstreamTheory]
    [MemberData(nameof(CrdFiles))]
    public void EveryUpstreamCrdSchemaCompilesAndAcceptsAMinimalObject(string file)
    {
        var crd = LoadCrd(file);
        foreach (var version in crd.Spec.Versions)
        {
            var schema = version.Schema.OpenAPIV3Schema;
            var required = schema.Required is { Count: > 0 } || (schema.Properties.TryGetValue("spec", out var spec) && spec.Required is { Count: > 0 });
            if (required)
            {
                continue; // a bare object is not valid where the root or spec has required fields
            }

            var errors = Admit(schema, new JsonObject { ["apiVersion"] = crd.Spec.Group + "/" + version.Name, ["kind"] = crd.Spec.Names.Kind, ["metadata"] = new JsonObject { ["name"] = "a" } });
            Assert.Empty(errors.Select(e => e.ToString()));
        }
    }

    [UpstreamFact]
    public void SubscriptionWithSubscribersAndFeedsIsValid() =>
        Assert.Empty(Admit(Schema("apps.clusternet.io_subscriptions.yaml"), Yaml("""
            apiVersion: apps.clusternet.io/v1alpha1
            kind: Subscription
            metadata: {name: demo, namespace: default}
            spec:
              subscribers:
              - clusterAffinity: {matchLabels: {clusters.clusternet.io/cluster-id: dc91021d-2361-4f6d-a404-7c33b9e01118}}
              feeds:
              - {apiVersion: apps/v1, kind: Deployment, name: web, namespace: foo}
            """)).Select(e => e.ToString()));

    [UpstreamFact]
    public void BrokenSubscriptionReportsEveryCause() =>
        Assert.Equal(
            ["spec.schedulingStrategy: Unsupported value: \"Foo\": supported values: \"Replication\", \"Dividing\"",
             "spec.subscribers[0].clusterAffinity: Required value",
             "spec.feeds: Required value"],
            Admit(Schema("apps.clusternet.io_subscriptions.yaml"), Yaml("""
                apiVersion: apps.clusternet.io/v1alpha1
                kind: Subscription
                metadata: {name: demo, namespace: default}
                spec:
                  schedulingStrategy: Foo
                  subscribers:
                  - weight: 1
                """)).Select(e => e.ToString()));

    [UpstreamFact]
    public void GoClientNullFeedsBecomeARequiredError() =>
        Assert.Equal(
            ["spec.feeds: Required value"],
            Admit(Schema("apps.clusternet.io_subscriptions.yaml"), Yaml("""
                apiVersion: apps.clusternet.io/v1alpha1
                kind: Subscription
                metadata: {name: demo}
                spec:
                  subscribers: [{clusterAffinity: {}}]
                  feeds: null
                """)).Select(e => e.ToString()));

    [UpstreamFact]
    public void ClusterRegistrationRequestIsValidAndDefaultsSyncMode()
    {
        var value = Yaml("""
            apiVersion: clusters.clusternet.io/v1beta1
            kind: ClusterRegistrationRequest
            metadata: {name: clusternet-dc91021d-2361-4f6d-a404-7c33b9e01118}
            spec:
              clusterId: dc91021d-2361-4f6d-a404-7c33b9e01118
              clusterType: EdgeCluster
              clusterName: child-1
            """);
        Assert.Empty(Admit(Schema("clusters.clusternet.io_clusterregistrationrequests.yaml"), value));
        Assert.Equal("Pull", (string?)value!["spec"]!["syncMode"]);
    }

    [UpstreamFact]
    public void BrokenClusterRegistrationRequestReportsEveryCause()
    {
        var errors = Admit(Schema("clusters.clusternet.io_clusterregistrationrequests.yaml"), Yaml("""
            apiVersion: clusters.clusternet.io/v1beta1
            kind: ClusterRegistrationRequest
            metadata: {name: crr}
            spec:
              clusterId: x
              clusterName: abcdefghijklmnopqrstuvwxyz01234
              syncMode: Sideways
            """));
        Assert.Equal(
            ["spec.clusterId: Invalid value: \"x\": spec.clusterId in body should match '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'",
             "spec.clusterName: Too long: may not be more than 30 bytes",
             "spec.syncMode: Unsupported value: \"Sideways\": supported values: \"Push\", \"Pull\", \"Dual\""],
            errors.Select(e => e.ToString()));
        Assert.Equal(
            "ClusterRegistrationRequest.clusters.clusternet.io \"crr\" is invalid: [" + string.Join(", ", errors) + "]",
            InvalidStatus.Create("clusters.clusternet.io", "ClusterRegistrationRequest", "crr", errors).Message);
    }

    [UpstreamTheory]
    [MemberData(nameof(ExampleFiles))]
    public void UpstreamExamplesOfUpstreamKindsAreValid(string file)
    {
        var crds = AllCrds.Value;
        var validated = 0;
        foreach (var document in Documents(File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamExamples!, file))))
        {
            var apiVersion = (string?)document["apiVersion"] ?? string.Empty;
            var kind = (string?)document["kind"];
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var group = slash < 0 ? string.Empty : apiVersion[..slash];
            var version = apiVersion[(slash + 1)..];
            var crd = crds.FirstOrDefault(c => c.Spec.Group == group && c.Spec.Names.Kind == kind);
            if (crd is null)
            {
                continue; // a built-in kind (Deployment, Service, Namespace)
            }

            var schema = crd.Spec.Versions.Single(v => v.Name == version).Schema.OpenAPIV3Schema;
            var unknown = Pruner.Prune(schema, document);
            Assert.Empty(unknown);
            Assert.Empty(Admit(schema, document).Select(e => e.ToString()));
            validated++;
        }

        Assert.True(validated > 0 || !file.Contains("subscription", StringComparison.Ordinal), "a Subscription example was not matched to its CRD");
    }

    private static readonly Lazy<List<V1CustomResourceDefinition>> AllCrds =
        new(() => [.. Directory.GetFiles(RepositoryPaths.UpstreamCrds!, "*.yaml").Select(f => LoadCrd(Path.GetFileName(f)))]);

    /// <summary>What kube-apiserver does to a created custom resource: prune, drop non-nullable nulls, default, validate.</summary>
    private static IReadOnlyList<FieldError> Admit(V1JSONSchemaProps schema, JsonNode? value)
    {
        Pruner.Prune(schema, value);
        Pruner.PruneNonNullableNulls(schema, value);
        Defaulter.Default(schema, value);
        return Validator.Validate(schema, value);
    }

    private static V1CustomResourceDefinition LoadCrd(string file) =>
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(IndentQuotedContinuations(File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamCrds!, file))));

    /// <summary>
    /// The NFD CRD (controller-gen v0.9.2) continues multi-line double-quoted descriptions at the key's own indentation.
    /// Go's YAML parser accepts that; YamlDotNet (behind KubernetesYaml) rejects it, so such lines get two more spaces.
    /// </summary>
    private static string IndentQuotedContinuations(string yaml)
    {
        var lines = yaml.Split('\n');
        var inQuoted = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (inQuoted)
            {
                lines[i] = "  " + line;
                inQuoted = !line.TrimEnd().EndsWith('"');
            }
            else if (line.Contains(": \"", StringComparison.Ordinal))
            {
                var start = line.IndexOf(": \"", StringComparison.Ordinal) + 3;
                inQuoted = line.Length == start || !line.TrimEnd().EndsWith('"') || line.TrimEnd().Length == start;
            }
        }

        return string.Join('\n', lines);
    }

    private static V1JSONSchemaProps Schema(string file) => LoadCrd(file).Spec.Versions[0].Schema.OpenAPIV3Schema;

    private static JsonNode? Yaml(string text) => Documents(text).Single();

    /// <summary>Each YAML document as JSON, with plain scalars typed (numbers, booleans, null) as a YAML-to-JSON converter does.</summary>
    private static IEnumerable<JsonNode> Documents(string text)
    {
        var deserializer = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object?>(parser);
            if (ToJson(document) is JsonObject obj)
            {
                yield return obj;
            }
        }
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key.ToString()!, ToJson(p.Value)))),
        IList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double or float or decimal => JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        _ => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
