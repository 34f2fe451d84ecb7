using Clusternet.Runtime.Agent;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class NodeLabelAggregationTests
{
    private static readonly string[] Prefixes = ["node.clusternet.io/", "feature.node.kubernetes.io/"];

    [Fact]
    public void Control_plane_nodes_are_not_counted()
    {
        var nodes = new[]
        {
            Node(("node.clusternet.io/gpu", "yes")),
            Node(("node-role.kubernetes.io/control-plane", ""), ("node.clusternet.io/gpu", "no")),
            Node(("node-role.kubernetes.io/master", ""), ("node.clusternet.io/gpu", "no")),
        };

        var labels = NodeLabelAggregation.Aggregate(nodes, Prefixes, 0.8);

        Assert.Equal("yes", labels["node.clusternet.io/gpu"]);
    }

    [Fact]
    public void A_value_below_the_threshold_is_not_raised()
    {
        var nodes = Enumerable.Range(0, 5).Select(i => Node(("feature.node.kubernetes.io/avx", i < 3 ? "true" : "false"))).ToArray();

        Assert.Empty(NodeLabelAggregation.Aggregate(nodes, Prefixes, 0.8));
        Assert.Equal("true", NodeLabelAggregation.Aggregate(nodes, Prefixes, 0.6)["feature.node.kubernetes.io/avx"]);
    }

    [Fact]
    public void Labels_without_an_aggregate_prefix_are_ignored()
    {
        var nodes = new[] { Node(("kubernetes.io/os", "linux")), Node(("kubernetes.io/os", "linux")) };

        Assert.Empty(NodeLabelAggregation.Aggregate(nodes, Prefixes, 0.5));
    }

    [Fact]
    public void Ties_between_values_go_to_the_ordinally_smaller_value()
    {
        var nodes = new[] { Node(("node.clusternet.io/zone", "b")), Node(("node.clusternet.io/zone", "a")) };

        Assert.Equal("a", NodeLabelAggregation.Aggregate(nodes, Prefixes, 0.5)["node.clusternet.io/zone"]);
    }

    private static V1Node Node(params (string Key, string Value)[] labels) =>
        new() { Metadata = new V1ObjectMeta { Name = Guid.NewGuid().ToString(), Labels = labels.ToDictionary(l => l.Key, l => l.Value) } };
}
