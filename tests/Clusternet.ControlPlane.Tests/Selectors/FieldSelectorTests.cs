using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Selectors;

namespace Clusternet.ControlPlane.Tests.Selectors;

public sealed class FieldSelectorTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static readonly JsonObject ConfigMap = Json("""{"metadata":{"name":"cm1","namespace":"x"}}""");

    [Theory]
    [InlineData("metadata.name=cm1", true)]
    [InlineData("metadata.name==cm1", true)]
    [InlineData("metadata.name=cm2", false)]
    [InlineData("metadata.name!=cm2", true)]
    [InlineData("metadata.name!=cm1", false)]
    [InlineData("metadata.name=cm1,metadata.namespace=x", true)]
    [InlineData("metadata.name=cm1,metadata.namespace=y", false)]
    [InlineData("metadata.name=cm1,,", true)]
    public void Operators_and_conjunctions_match_the_object(string selector, bool expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(selector, SelectableFields.ObjectMeta).Matches(ConfigMap));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    public void Empty_text_selects_everything(string? selector)
    {
        Assert.True(FieldSelector.Parse(selector, SelectableFields.ObjectMeta).IsEmpty);
    }

    [Fact]
    public void Escaped_characters_are_part_of_the_value()
    {
        var selector = FieldSelector.Parse(@"metadata.name=a\,b\=c\\d");

        Assert.Equal(@"a,b=c\d", Assert.Single(selector.Requirements).Value);
        Assert.Equal(@"metadata.name=a\,b\=c\\d", selector.ToString());
    }

    [Theory]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    [InlineData(@"a=b\", @"invalid field selector: invalid escape sequence: \")]
    [InlineData(@"a=b\x", @"invalid field selector: invalid escape sequence: \x")]
    public void Malformed_text_gives_apimachinerys_message(string selector, string message)
    {
        var error = Assert.Throws<SelectorParseException>(() => FieldSelector.Parse(selector));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void First_operator_splits_the_term()
    {
        var requirement = Assert.Single(FieldSelector.Parse("a!b!=c").Requirements);

        Assert.Equal(("a!b", FieldSelectorOperator.NotEquals, "c"), (requirement.Field, requirement.Operator, requirement.Value));
    }

    [Theory]
    [InlineData("", "configmaps", "spec.nodeName")]
    [InlineData("", "services", "status.phase")]
    [InlineData("example.com", "widgets", "spec.color")]
    [InlineData("", "nodes", "metadata.namespace")]
    [InlineData("", "namespaces", "metadata.namespace")]
    public void Unsupported_field_gives_kube_apiservers_400_message(string group, string resource, string field)
    {
        var error = Assert.Throws<SelectorParseException>(() =>
            FieldSelector.Parse(field + "=x", SelectableFields.ForResource(group, resource)));

        Assert.Equal("field label not supported: " + field, error.Message);
    }

    [Theory]
    [InlineData("", "pods", "spec.nodeName")]
    [InlineData("", "pods", "spec.restartPolicy")]
    [InlineData("", "pods", "spec.schedulerName")]
    [InlineData("", "pods", "spec.serviceAccountName")]
    [InlineData("", "pods", "status.phase")]
    [InlineData("", "pods", "status.podIP")]
    [InlineData("", "pods", "status.nominatedNodeName")]
    [InlineData("", "events", "involvedObject.kind")]
    [InlineData("", "events", "involvedObject.namespace")]
    [InlineData("", "events", "involvedObject.name")]
    [InlineData("", "events", "involvedObject.uid")]
    [InlineData("", "events", "involvedObject.apiVersion")]
    [InlineData("", "events", "involvedObject.resourceVersion")]
    [InlineData("", "events", "involvedObject.fieldPath")]
    [InlineData("", "events", "reason")]
    [InlineData("", "events", "reportingComponent")]
    [InlineData("", "events", "source")]
    [InlineData("", "events", "type")]
    [InlineData("", "secrets", "type")]
    [InlineData("", "namespaces", "status.phase")]
    [InlineData("", "nodes", "spec.unschedulable")]
    [InlineData("batch", "jobs", "status.successful")]
    [InlineData("apps", "replicasets", "status.replicas")]
    [InlineData("", "endpoints", "metadata.namespace")]
    [InlineData("example.com", "widgets", "metadata.name")]
    public void Resource_supports_kube_apiservers_fields(string group, string resource, string field)
    {
        Assert.True(SelectableFields.ForResource(group, resource).Supports(field));
    }

    [Fact]
    public void Pod_is_selected_by_node_and_phase()
    {
        var pod = Json("""{"metadata":{"name":"p","namespace":"x"},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}}""");
        var fields = SelectableFields.ForResource("", "pods");

        Assert.True(FieldSelector.Parse("spec.nodeName=n1,status.phase=Running", fields).Matches(pod));
        Assert.False(FieldSelector.Parse("status.phase!=Running", fields).Matches(pod));
    }

    [Fact]
    public void Pod_spec_host_is_the_old_name_of_spec_node_name()
    {
        var pod = Json("""{"metadata":{"name":"p"},"spec":{"nodeName":"n1"}}""");

        var selector = FieldSelector.Parse("spec.host=n1", SelectableFields.ForResource("", "pods"));

        Assert.Equal("spec.nodeName=n1", selector.ToString());
        Assert.True(selector.Matches(pod));
    }

    [Fact]
    public void Unset_field_reads_as_empty()
    {
        var pod = Json("""{"metadata":{"name":"p"}}""");

        Assert.True(FieldSelector.Parse("spec.nodeName=", SelectableFields.ForResource("", "pods")).Matches(pod));
    }

    [Fact]
    public void Event_is_selected_by_involved_object()
    {
        var ev = Json("""{"metadata":{"name":"e"},"involvedObject":{"kind":"Deployment","name":"d1","namespace":"x"},"reason":"ScalingReplicaSet","type":"Normal"}""");

        var selector = FieldSelector.Parse("involvedObject.name=d1,involvedObject.namespace=x,involvedObject.kind=Deployment,type=Normal", SelectableFields.ForResource("", "events"));

        Assert.True(selector.Matches(ev));
    }

    [Fact]
    public void Event_source_falls_back_to_the_reporting_component()
    {
        var ev = Json("""{"metadata":{"name":"e"},"reportingComponent":"kubelet"}""");

        Assert.True(FieldSelector.Parse("source=kubelet", SelectableFields.ForResource("", "events")).Matches(ev));
    }

    [Fact]
    public void Node_unschedulable_defaults_to_false()
    {
        var fields = SelectableFields.ForResource("", "nodes");

        Assert.True(FieldSelector.Parse("spec.unschedulable=false", fields).Matches(Json("""{"metadata":{"name":"n"}}""")));
        Assert.True(FieldSelector.Parse("spec.unschedulable=true", fields).Matches(Json("""{"metadata":{"name":"n"},"spec":{"unschedulable":true}}""")));
    }

    [Fact]
    public void Job_successful_reads_the_succeeded_count()
    {
        var fields = SelectableFields.ForResource("batch", "jobs");

        Assert.True(FieldSelector.Parse("status.successful=2", fields).Matches(Json("""{"metadata":{"name":"j"},"status":{"succeeded":2}}""")));
        Assert.True(FieldSelector.Parse("status.successful=0", fields).Matches(Json("""{"metadata":{"name":"j"}}""")));
    }

    [Fact]
    public void Replica_set_is_selected_by_replica_count()
    {
        var selector = FieldSelector.Parse("status.replicas=3", SelectableFields.ForResource("apps", "replicasets"));

        Assert.True(selector.Matches(Json("""{"metadata":{"name":"r"},"status":{"replicas":3}}""")));
    }

    [Fact]
    public void Secret_is_selected_by_type()
    {
        var selector = FieldSelector.Parse("type=kubernetes.io/tls", SelectableFields.ForResource("", "secrets"));

        Assert.True(selector.Matches(Json("""{"metadata":{"name":"s"},"type":"kubernetes.io/tls"}""")));
    }

    [Fact]
    public void Custom_resource_selectable_fields_are_added_to_object_meta()
    {
        var fields = SelectableFields.ForCustomResource([".spec.color"]);

        var selector = FieldSelector.Parse("spec.color=red", fields);

        Assert.True(selector.Matches(Json("""{"metadata":{"name":"w"},"spec":{"color":"red"}}""")));
        Assert.True(fields.Supports("metadata.namespace"));
    }

    [Fact]
    public void Exact_match_on_name_is_exposed_for_single_reads()
    {
        var selector = FieldSelector.Parse("metadata.namespace!=y,metadata.name=cm1");

        Assert.True(selector.TryGetExactMatch("metadata.name", out var name));
        Assert.Equal("cm1", name);
        Assert.False(selector.TryGetExactMatch("metadata.namespace", out _));
    }
}
