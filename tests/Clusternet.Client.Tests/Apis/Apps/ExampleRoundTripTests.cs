using System.Text.Json.Nodes;
using Clusternet.Client.Tests.Support;
using Clusternet.Testing;
using k8s;
using Xunit.Sdk;

namespace Clusternet.Client.Tests.Apis.Apps;

/// <summary>
/// Every document of a Clusternet group in upstream's examples must load into our models, through
/// KubernetesClient's YAML loader and through its JSON serializer, and write back the same content.
/// Documents of other groups (Deployments, Services, NFD rules) are not ours and are passed over.
/// </summary>
public class ExampleRoundTripTests
{
    private static readonly HashSet<string> ClusternetGroups =
        ["apps.clusternet.io", "clusters.clusternet.io", "proxies.clusternet.io", "multicluster.x-k8s.io"];

    public static TheoryData<string> ExampleFiles()
    {
        var files = new TheoryData<string>();
        if (RepositoryPaths.UpstreamExamples is { } folder && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetRelativePath(folder, file).Replace('\\', '/'));
            }
        }

        return files;
    }

    [UpstreamTheory]
    [MemberData(nameof(ExampleFiles))]
    public void Clusternet_documents_round_trip_through_the_models(string example)
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamExamples!, example));

        foreach (var document in YamlDocuments.Parse(yaml))
        {
            if (document.Json is not JsonObject original ||
                original["apiVersion"]?.GetValue<string>() is not { } apiVersion ||
                original["kind"]?.GetValue<string>() is not { } kind)
            {
                continue;
            }

            var slash = apiVersion.LastIndexOf('/');
            var group = slash < 0 ? "" : apiVersion[..slash];
            if (!ClusternetGroups.Contains(group))
            {
                continue;
            }

            var where = $"{example} document {document.Index} ({apiVersion} {kind})";
            if (!ClusternetTypeMap.Kinds.TryGetValue($"{apiVersion}/{kind}", out var type))
            {
                throw new XunitException($"{where}: no model in Clusternet.Client for this kind");
            }

            var fromYaml = Assert.Single(KubernetesYaml.LoadAllFromString(document.Yaml, ClusternetTypeMap.ForYaml()));
            Assert.IsType(type, fromYaml);
            AssertWritesBack(original, fromYaml, $"{where}, loaded as YAML");

            var fromJson = ClusternetTypeMap.DeserializeJson(original.ToJsonString(), type);
            Assert.IsType(type, fromJson);
            AssertWritesBack(original, fromJson!, $"{where}, loaded as JSON");
        }
    }

    private static void AssertWritesBack(JsonNode original, object model, string where)
    {
        var written = JsonNode.Parse(KubernetesJson.Serialize(model));
        try
        {
            JsonAssert.SemanticallyEqual(original, written, tolerateAddedEmpty: true);
        }
        catch (XunitException e)
        {
            throw new XunitException($"{where}: {e.Message}");
        }
    }
}
