using Clusternet.ControlPlane.Api.Protobuf;
using Clusternet.ControlPlane.Tests.Api.Protobuf.Support;

namespace Clusternet.ControlPlane.Tests.Api.Protobuf;

/// <summary>Bodies built as kubectl's generators send them decode to the JSON kubectl would have sent.</summary>
public sealed class ProtobufKindDecodingTests
{
    private static readonly Dictionary<string, string> App = new() { ["app"] = "web" };

    [Fact]
    public void Configmap_with_data_and_binary_data_decodes_with_base64_binary_values()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c
            .Message(1, GoMessages.ObjectMeta("cm1"))
            .StringEntry(2, "a", "1")
            .StringEntry(2, "b", "two")
            .BytesEntry(3, "bin", [0x00, 0x01, 0x02, 0xFF]));

        Assert.Equal(
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1"},"data":{"a":"1","b":"two"},"binaryData":{"bin":"AAEC/w=="}}""",
            Decode(body));
    }

    [Fact]
    public void Opaque_secret_decodes_with_base64_data()
    {
        var body = ProtoWriter.Envelope("v1", "Secret", s => s
            .Message(1, GoMessages.ObjectMeta("s1", "team-a"))
            .BytesEntry(2, "password", "s3cr3t"u8.ToArray())
            .String(3, "Opaque"));

        Assert.Equal(
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1","namespace":"team-a"},"data":{"password":"czNjcjN0"},"type":"Opaque"}""",
            Decode(body));
    }

    [Fact]
    public void Secret_with_empty_type_omits_it_so_the_server_defaults_it()
    {
        var body = ProtoWriter.Envelope("v1", "Secret", s => s.Message(1, GoMessages.ObjectMeta("s1")).String(3, string.Empty));

        Assert.Equal("""{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1"}}""", Decode(body));
    }

    [Fact]
    public void Namespace_decodes_with_empty_spec_and_status_as_go_writes_them()
    {
        var body = ProtoWriter.Envelope("v1", "Namespace", n => n
            .Message(1, GoMessages.ObjectMeta("ns1"))
            .Message(2, _ => { })
            .Message(3, st => st.String(1, string.Empty)));

        Assert.Equal("""{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"ns1"},"spec":{},"status":{}}""", Decode(body));
    }

    [Fact]
    public void Namespace_spec_finalizers_decode_as_a_list()
    {
        var body = ProtoWriter.Envelope("v1", "Namespace", n => n
            .Message(1, GoMessages.ObjectMeta("ns1"))
            .Message(2, sp => sp.String(1, "kubernetes").String(1, "example.com/cleanup")));

        Assert.Equal(
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"ns1"},"spec":{"finalizers":["kubernetes","example.com/cleanup"]}}""",
            Decode(body));
    }

    [Fact]
    public void Serviceaccount_decodes_with_its_namespace()
    {
        var body = ProtoWriter.Envelope("v1", "ServiceAccount", a => a.Message(1, GoMessages.ObjectMeta("sa1", "team-a")));

        Assert.Equal("""{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"sa1","namespace":"team-a"}}""", Decode(body));
    }

    [Fact]
    public void Serviceaccount_automount_false_is_kept_because_go_sends_it_only_when_set()
    {
        var body = ProtoWriter.Envelope("v1", "ServiceAccount", a => a.Message(1, GoMessages.ObjectMeta("sa1")).Bool(4, false));

        Assert.Equal(
            """{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"sa1"},"automountServiceAccountToken":false}""",
            Decode(body));
    }

    [Fact]
    public void Clusterip_service_decodes_target_ports_as_number_and_as_name()
    {
        var body = ProtoWriter.Envelope("v1", "Service", s => s
            .Message(1, GoMessages.ObjectMeta("web", labels: App))
            .Message(2, ServiceSpec)
            .Message(3, st => st.Message(1, _ => { })));

        Assert.Equal(
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"ports":[{"name":"5678-8080","protocol":"TCP","port":5678,"targetPort":8080},{"name":"https","protocol":"TCP","port":443,"targetPort":"https"}],"selector":{"app":"web"},"type":"ClusterIP"},"status":{"loadBalancer":{}}}""",
            Decode(body));
    }

    [Fact]
    public void Deployment_decodes_replicas_selector_and_containers_with_ports_env_and_resources()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(1, GoMessages.ObjectMeta("web", labels: App))
            .Message(2, DeploymentSpec(replicas: 2))
            .Message(3, st => st.Varint(1, 0).Varint(2, 0).Varint(3, 0).Varint(4, 0).Varint(5, 0).Varint(7, 0)));

        Assert.Equal(
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","command":["nginx"],"args":["-g","daemon off;"],"ports":[{"containerPort":80}],"env":[{"name":"MODE","value":"prod"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}},"imagePullPolicy":"IfNotPresent"}]}},"strategy":{}},"status":{}}""",
            Decode(body));
    }

    [Fact]
    public void Deployment_with_zero_replicas_keeps_them_because_go_sends_replicas_only_when_set()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(1, GoMessages.ObjectMeta("web"))
            .Message(2, sp => sp.Varint(1, 0)));

        Assert.Equal("""{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":0}}""", Decode(body));
    }

    [Fact]
    public void Configmap_immutable_false_is_kept()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, GoMessages.ObjectMeta("cm1")).Bool(4, false));

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1"},"immutable":false}""", Decode(body));
    }

    [Fact]
    public void Container_port_zero_is_kept_because_its_json_has_no_omitempty()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(2, sp => sp.Message(3, t => t.Message(2, ps => ps.Message(2, c => c.String(1, "c").Message(6, p => p.Varint(3, 0)))))));

        Assert.Equal(
            """{"kind":"Deployment","apiVersion":"apps/v1","spec":{"template":{"spec":{"containers":[{"name":"c","ports":[{"containerPort":0}]}]}}}}""",
            Decode(body));
    }

    [Fact]
    public void Negative_int32_sent_as_ten_byte_varint_decodes_negative()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d.Message(2, sp => sp.Varint(1, -1)));

        Assert.Equal("""{"kind":"Deployment","apiVersion":"apps/v1","spec":{"replicas":-1}}""", Decode(body));
    }

    [Fact]
    public void Env_value_from_secret_key_inlines_the_reference_name()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(2, sp => sp.Message(3, t => t.Message(2, ps => ps.Message(2, c => c
                .String(1, "c")
                .Message(7, e => e.String(1, "TOKEN").String(2, string.Empty)
                    .Message(3, from => from.Message(4, k => k.Message(1, r => r.String(1, "creds")).String(2, "token")))))))));

        Assert.Equal(
            """{"kind":"Deployment","apiVersion":"apps/v1","spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"TOKEN","valueFrom":{"secretKeyRef":{"name":"creds","key":"token"}}}]}]}}}}""",
            Decode(body));
    }

    [Fact]
    public void Rolling_update_strategy_decodes_int_or_string_percentages()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d
            .Message(2, sp => sp.Message(4, s => s.String(1, "RollingUpdate")
                .Message(2, r => r.Message(1, GoMessages.IntOrString("25%")).Message(2, GoMessages.IntOrString(1))))));

        Assert.Equal(
            """{"kind":"Deployment","apiVersion":"apps/v1","spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":1}}}}""",
            Decode(body));
    }

    [Fact]
    public void Object_meta_labels_annotations_owner_references_and_finalizers_decode()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, m => m
            .String(2, "cm-")
            .StringEntry(11, "tier", "web")
            .StringEntry(12, "note", "x")
            .Message(13, o => o.String(1, "Deployment").String(3, "web").String(4, "uid-1").String(5, "apps/v1").Bool(6, true))
            .String(14, "example.com/f")));

        Assert.Equal(
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"generateName":"cm-","labels":{"tier":"web"},"annotations":{"note":"x"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"uid-1","controller":true}],"finalizers":["example.com/f"]}}""",
            Decode(body));
    }

    [Fact]
    public void Creation_timestamp_decodes_as_rfc3339_seconds_in_utc()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, m => m.Message(8, t => t.Varint(1, 1_700_000_000).Varint(2, 500))));

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"creationTimestamp":"2023-11-14T22:13:20Z"}}""", Decode(body));
    }

    [Fact]
    public void Map_entries_are_written_sorted_and_a_repeated_key_keeps_its_last_value()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c
            .StringEntry(2, "b", "1")
            .StringEntry(2, "a", "old")
            .StringEntry(2, "a", "new"));

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","data":{"a":"new","b":"1"}}""", Decode(body));
    }

    [Fact]
    public void Map_entry_without_value_decodes_to_an_empty_value()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(2, e => e.String(1, "empty")));

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","data":{"empty":""}}""", Decode(body));
    }

    [Fact]
    public void A_message_field_sent_twice_merges()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c
            .Message(1, m => m.String(1, "cm1"))
            .Message(1, m => m.StringEntry(11, "a", "b")));

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1","labels":{"a":"b"}}}""", Decode(body));
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c
            .Varint(90, 300)
            .Fixed64(91, ulong.MaxValue)
            .String(92, "future")
            .Tag(93, 3).Varint(1, 5).Tag(94, 3).Fixed32(1, 7).Tag(94, 4).Tag(93, 4)
            .Fixed32(95, 1)
            .Message(1, m => m.String(1, "cm1").Varint(99, 1)));

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1"}}""", Decode(body));
    }

    [Fact]
    public void Supported_kinds_are_the_generator_kinds()
    {
        Assert.True(ProtobufObjectDecoder.IsSupported("apps/v1", "Deployment"));
        Assert.True(ProtobufObjectDecoder.IsSupported("v1", "ServiceAccount"));
        Assert.False(ProtobufObjectDecoder.IsSupported("apps/v1", "StatefulSet"));
    }

    private static string Decode(byte[] body) => ProtobufObjectDecoder.Decode(body).ToJsonString();

    internal static void ServiceSpec(ProtoWriter spec)
    {
        spec.Message(1, p => p.String(1, "5678-8080").String(2, "TCP").Varint(3, 5678).Message(4, GoMessages.IntOrString(8080)).Varint(5, 0))
            .Message(1, p => p.String(1, "https").String(2, "TCP").Varint(3, 443).Message(4, GoMessages.IntOrString("https")).Varint(5, 0))
            .StringEntry(2, "app", "web")
            .String(3, string.Empty)
            .String(4, "ClusterIP")
            .String(7, string.Empty)
            .String(8, string.Empty)
            .String(10, string.Empty)
            .String(11, string.Empty)
            .Varint(12, 0)
            .Bool(13, false);
    }

    internal static Action<ProtoWriter> DeploymentSpec(int replicas) => spec => spec
        .Varint(1, replicas)
        .Message(2, s => s.StringEntry(1, "app", "web"))
        .Message(3, t => t
            .Message(1, m => m.String(1, string.Empty).String(2, string.Empty).String(3, string.Empty).String(4, string.Empty)
                .String(5, string.Empty).String(6, string.Empty).Varint(7, 0).Message(8, _ => { }).StringEntry(11, "app", "web"))
            .Message(2, p => p
                .Message(2, c => c
                    .String(1, "nginx")
                    .String(2, "nginx:1.27")
                    .String(3, "nginx")
                    .String(4, "-g")
                    .String(4, "daemon off;")
                    .String(5, string.Empty)
                    .Message(6, port => port.String(1, string.Empty).Varint(2, 0).Varint(3, 80).String(4, string.Empty).String(5, string.Empty))
                    .Message(7, e => e.String(1, "MODE").String(2, "prod"))
                    .Message(8, r => r
                        .Message(1, GoMessages.QuantityEntry("cpu", "500m"))
                        .Message(1, GoMessages.QuantityEntry("memory", "128Mi"))
                        .Message(2, GoMessages.QuantityEntry("cpu", "250m")))
                    .String(13, string.Empty)
                    .String(14, "IfNotPresent")
                    .Bool(16, false)
                    .Bool(17, false)
                    .Bool(18, false)
                    .String(20, string.Empty))
                .String(3, string.Empty)
                .String(6, string.Empty)
                .String(8, string.Empty)
                .String(9, string.Empty)
                .String(10, string.Empty)
                .Bool(11, false)
                .Bool(12, false)
                .Bool(13, false)
                .String(16, string.Empty)
                .String(17, string.Empty)
                .String(19, string.Empty)
                .String(24, string.Empty)))
        .Message(4, s => s.String(1, string.Empty))
        .Varint(5, 0)
        .Bool(7, false);
}
