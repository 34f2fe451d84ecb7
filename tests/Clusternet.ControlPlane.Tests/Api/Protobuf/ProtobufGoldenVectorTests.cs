using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Protobuf;
using Clusternet.Testing;

namespace Clusternet.ControlPlane.Tests.Api.Protobuf;

/// <summary>Decodes kubernetes/api's round-trip fixtures (bytes from Go's encoder) and compares with their JSON twins.</summary>
public sealed class ProtobufGoldenVectorTests
{
    public static TheoryData<string> FullyDescribedKinds => new()
    {
        "core.v1.ConfigMap",
        "core.v1.Secret",
        "core.v1.Namespace",
        "core.v1.ServiceAccount",
        "core.v1.Service",
    };

    internal static string GoldenFolder => Path.Combine(RepositoryPaths.Root, "tests", "Clusternet.ControlPlane.Tests", "Api", "Protobuf", "Golden");

    [Theory]
    [MemberData(nameof(FullyDescribedKinds))]
    public void Go_encoded_object_decodes_to_the_json_go_writes_for_it(string fixture)
    {
        var (body, expected) = Load(fixture);

        var decoded = ProtobufObjectDecoder.Decode(body);

        Assert.Equal(expected.ToJsonString(), decoded.ToJsonString());
    }

    [Fact]
    public void Go_encoded_deployment_decodes_to_a_faithful_part_of_its_json()
    {
        // The fixture fills every PodSpec field (volumes, probes, affinity ...); the table covers what generators send,
        // so each decoded value must equal the fixture's at the same path, and the covered fields must be there.
        var (body, expected) = Load("apps.v1.Deployment");

        var decoded = ProtobufObjectDecoder.Decode(body);

        AssertSubtree(expected, decoded, "$");
        var container = decoded["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(expected["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!.ToJsonString(), container["resources"]!["limits"]!.ToJsonString());
        Assert.Equal(expected["spec"]!["selector"]!.ToJsonString(), decoded["spec"]!["selector"]!.ToJsonString());
        Assert.Equal(expected["spec"]!["strategy"]!.ToJsonString(), decoded["spec"]!["strategy"]!.ToJsonString());
        Assert.Equal(expected["status"]!.ToJsonString(), decoded["status"]!.ToJsonString());
        Assert.Equal(expected["metadata"]!.ToJsonString(), decoded["metadata"]!.ToJsonString());
    }

    internal static (byte[] Body, JsonObject Json) Load(string fixture) =>
        (File.ReadAllBytes(Path.Combine(GoldenFolder, fixture + ".pb")),
         JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenFolder, fixture + ".json")))!.AsObject());

    private static void AssertSubtree(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (actual)
        {
            case JsonObject obj:
                var expectedObject = Assert.IsType<JsonObject>(expected);
                foreach (var (key, value) in obj)
                {
                    Assert.True(expectedObject.ContainsKey(key), $"{path}.{key} is not in the fixture");
                    AssertSubtree(expectedObject[key], value, $"{path}.{key}");
                }

                break;
            case JsonArray array:
                var expectedArray = Assert.IsType<JsonArray>(expected);
                Assert.Equal(expectedArray.Count, array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    AssertSubtree(expectedArray[i], array[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}
