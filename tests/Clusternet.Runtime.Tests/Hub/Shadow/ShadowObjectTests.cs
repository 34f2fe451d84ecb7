using System.Net;
using System.Text.Json;
using Clusternet.Known;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

[Collection(ShadowCollection.Name)]
public sealed class ShadowObjectTests(ShadowFixture fixture)
{
    private static V1Deployment Deployment(string name, string @namespace, int replicas = 3, string image = "nginx:1.14.2") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = image }] },
            },
        },
    };

    [Fact]
    public async Task A_created_deployment_is_stored_as_a_manifest_named_and_labelled_as_upstream()
    {
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "store"), "store");

        var manifest = await fixture.Manifests.GetAsync("deployments.store.web");
        var labels = manifest.Metadata.Labels;
        Assert.Equal("apps", labels[ClusternetLabels.ConfigGroup]);
        Assert.Equal("v1", labels[ClusternetLabels.ConfigVersion]);
        Assert.Equal("Deployment", labels[ClusternetLabels.ConfigKind]);
        Assert.Equal("web", labels[ClusternetLabels.ConfigName]);
        Assert.Equal("store", labels[ClusternetLabels.ConfigNamespace]);
        Assert.Equal("web", labels["app"]);
        var template = Assert.IsType<JsonElement>(manifest.Template);
        Assert.Equal("Deployment", template.GetProperty("kind").GetString());
        Assert.Equal(ClusternetLabelValues.HubName, template.GetProperty("metadata").GetProperty("labels").GetProperty(ClusternetLabels.ObjectCreatedBy).GetString());
        Assert.False(template.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task A_created_deployment_comes_back_in_its_original_kind_with_the_manifests_identity()
    {
        var created = await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("echo", "read"), "read");
        var read = await fixture.Shadow.AppsV1.ReadNamespacedDeploymentAsync("echo", "read");
        var manifest = await fixture.Manifests.GetAsync("deployments.read.echo");

        Assert.Equal("apps/v1", read.ApiVersion);
        Assert.Equal("Deployment", read.Kind);
        Assert.Equal("read", read.Namespace());
        Assert.Equal(3, read.Spec.Replicas);
        Assert.Equal("nginx:1.14.2", read.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(manifest.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(manifest.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal(manifest.Metadata.CreationTimestamp, read.Metadata.CreationTimestamp);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_deployment_in_the_shadow_api_starts_nothing_in_the_parent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await fixture.Parent.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "quiet" } }, cancellationToken: timeout.Token);
        await fixture.Parent.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "quiet-control" } }, cancellationToken: timeout.Token);
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("idle", "quiet"), "quiet", cancellationToken: timeout.Token);

        // The control: the same Deployment created in the parent itself gets pods from the simulated cluster.
        await fixture.Parent.AppsV1.CreateNamespacedDeploymentAsync(Deployment("idle", "quiet-control"), "quiet-control", cancellationToken: timeout.Token);
        await foreach (var (type, _) in fixture.Parent.CoreV1.WatchListNamespacedPodAsync("quiet-control", cancellationToken: timeout.Token))
        {
            if (type == WatchEventType.Added)
            {
                break;
            }
        }

        Assert.Empty((await fixture.Parent.AppsV1.ListNamespacedDeploymentAsync("quiet", cancellationToken: timeout.Token)).Items);
        Assert.Empty((await fixture.Parent.AppsV1.ListNamespacedDeploymentAsync(ClusternetNamespaces.Reserved, cancellationToken: timeout.Token)).Items);
        Assert.Empty((await fixture.Parent.CoreV1.ListNamespacedPodAsync("quiet", cancellationToken: timeout.Token)).Items);
        Assert.Empty((await fixture.Parent.CoreV1.ListNamespacedPodAsync(ClusternetNamespaces.Reserved, cancellationToken: timeout.Token)).Items);
        Assert.Empty((await fixture.Parent.AppsV1.ListNamespacedReplicaSetAsync("quiet", cancellationToken: timeout.Token)).Items);
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_writes_the_templates_replicas()
    {
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("scaled", "scale"), "scale");

        var scale = await fixture.Shadow.AppsV1.ReadNamespacedDeploymentScaleAsync("scaled", "scale");
        var patched = await fixture.Shadow.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":6}}""", V1Patch.PatchType.MergePatch), "scaled", "scale");

        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal(6, patched.Spec.Replicas);
        Assert.Equal(6, (await fixture.Shadow.AppsV1.ReadNamespacedDeploymentAsync("scaled", "scale")).Spec.Replicas);
    }

    [Fact]
    public async Task Updating_a_templates_status_is_405()
    {
        var created = await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("statusless", "scale"), "scale");

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Shadow.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "statusless", "scale"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, failure.Response.StatusCode);
        Assert.Equal("deployments are considered as templates, which make no sense to update templates' status", KubernetesJson.Deserialize<V1Status>(failure.Response.Content).Message);
    }

    [Fact]
    public async Task A_missing_object_is_404_in_the_original_resources_words()
    {
        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Shadow.AppsV1.ReadNamespacedDeploymentAsync("nothing", "absent"));

        Assert.Equal(HttpStatusCode.NotFound, failure.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(failure.Response.Content);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("deployments.apps \"nothing\" not found", status.Message);
    }

    [Fact]
    public async Task An_invalid_template_is_refused_with_the_parents_422()
    {
        var invalid = Deployment("broken", "bad");
        invalid.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(invalid, "bad"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, failure.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(failure.Response.Content);
        Assert.Equal("Invalid", status.Reason);
        Assert.DoesNotContain((await fixture.Manifests.ListAsync()).Items, m => m.Metadata.Name == "deployments.bad.broken");
    }

    [Fact]
    public async Task An_update_changes_the_template_and_the_resource_version()
    {
        var created = await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("grow", "update"), "update");
        created.Spec.Replicas = 5;

        var updated = await fixture.Shadow.AppsV1.ReplaceNamespacedDeploymentAsync(created, "grow", "update");

        Assert.Equal(5, updated.Spec.Replicas);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal(5, (await fixture.Shadow.AppsV1.ReadNamespacedDeploymentAsync("grow", "update")).Spec.Replicas);
    }

    [Fact]
    public async Task An_update_with_a_stale_resource_version_is_409()
    {
        var created = await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("race", "update"), "update");
        var first = await fixture.Shadow.AppsV1.ReadNamespacedDeploymentAsync("race", "update");
        first.Spec.Replicas = 1;
        await fixture.Shadow.AppsV1.ReplaceNamespacedDeploymentAsync(first, "race", "update");
        created.Spec.Replicas = 7;

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Shadow.AppsV1.ReplaceNamespacedDeploymentAsync(created, "race", "update"));

        Assert.Equal(HttpStatusCode.Conflict, failure.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(failure.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.StartsWith("Operation cannot be fulfilled on deployments.apps \"race\"", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_an_existing_object_is_409_already_exists()
    {
        await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "twice" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "dup");

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "twice" } }, "dup"));

        Assert.Equal(HttpStatusCode.Conflict, failure.Response.StatusCode);
        Assert.Equal("configmaps \"twice\" already exists", KubernetesJson.Deserialize<V1Status>(failure.Response.Content).Message);
    }

    [Fact]
    public async Task A_merge_patch_changes_the_stored_template()
    {
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("merge", "patch"), "patch");

        var patched = await fixture.Shadow.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":2},"metadata":{"labels":{"tier":"web"}}}""", V1Patch.PatchType.MergePatch), "merge", "patch");

        Assert.Equal(2, patched.Spec.Replicas);
        Assert.Equal("web", patched.Metadata.Labels["tier"]);
        Assert.Equal("web", (await fixture.Manifests.GetAsync("deployments.patch.merge")).Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task A_json_patch_changes_the_stored_template()
    {
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("json", "patch"), "patch");

        var patched = await fixture.Shadow.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.25"}]""", V1Patch.PatchType.JsonPatch), "json", "patch");

        Assert.Equal("nginx:1.25", patched.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task A_strategic_merge_patch_merges_containers_by_name()
    {
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("strategic", "patch"), "patch");

        var patched = await fixture.Shadow.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"},{"name":"nginx","image":"nginx:1.26"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "strategic", "patch");

        var containers = patched.Spec.Template.Spec.Containers;
        Assert.Equal(["nginx", "sidecar"], containers.Select(c => c.Name));
        Assert.Equal("nginx:1.26", containers[0].Image);
    }

    [Fact]
    public async Task Server_side_apply_is_415_with_a_message_that_says_so()
    {
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("applied", "patch"), "patch");

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Shadow.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"applied"}}""", V1Patch.PatchType.ApplyPatch), "applied", "patch", fieldManager: "test"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, failure.Response.StatusCode);
        Assert.Contains("server-side apply is not supported", KubernetesJson.Deserialize<V1Status>(failure.Response.Content).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delete_removes_the_manifest()
    {
        await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(Deployment("gone", "delete"), "delete");

        await fixture.Shadow.AppsV1.DeleteNamespacedDeploymentAsync("gone", "delete");

        Assert.DoesNotContain((await fixture.Manifests.ListAsync()).Items, m => m.Metadata.Name == "deployments.delete.gone");
        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Shadow.AppsV1.ReadNamespacedDeploymentAsync("gone", "delete"));
        Assert.Equal(HttpStatusCode.NotFound, failure.Response.StatusCode);
    }

    [Fact]
    public async Task A_delete_collection_removes_only_the_selected_objects()
    {
        await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "one", Labels = new Dictionary<string, string> { ["batch"] = "x" } } }, "sweep");
        await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "two", Labels = new Dictionary<string, string> { ["batch"] = "y" } } }, "sweep");

        await fixture.Shadow.CoreV1.DeleteCollectionNamespacedConfigMapAsync("sweep", labelSelector: "batch=x");

        Assert.Equal(["two"], (await fixture.Shadow.CoreV1.ListNamespacedConfigMapAsync("sweep")).Items.Select(c => c.Name()));
    }

    [Fact]
    public async Task A_list_selects_by_namespace_and_label_and_answers_the_original_list_kind()
    {
        await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "a", Labels = new Dictionary<string, string> { ["pick"] = "yes" } } }, "list-one");
        await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "b" } }, "list-one");
        await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "c", Labels = new Dictionary<string, string> { ["pick"] = "yes" } } }, "list-two");

        var inNamespace = await fixture.Shadow.CoreV1.ListNamespacedConfigMapAsync("list-one");
        var picked = await fixture.Shadow.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: "pick=yes");
        var byName = await fixture.Shadow.CoreV1.ListNamespacedConfigMapAsync("list-one", fieldSelector: "metadata.name=b");

        Assert.Equal(["a", "b"], inNamespace.Items.Select(c => c.Name()).Order());
        Assert.Equal(["list-one/a", "list-two/c"], picked.Items.Select(c => c.Namespace() + "/" + c.Name()).Order());
        Assert.Equal(["b"], byName.Items.Select(c => c.Name()));
        Assert.False(string.IsNullOrEmpty(inNamespace.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task A_cluster_scoped_namespace_is_stored_under_its_plural_and_name()
    {
        await fixture.Shadow.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "team-a" } });

        var manifest = await fixture.Manifests.GetAsync("namespaces.team-a");
        Assert.Equal("", manifest.Metadata.Labels[ClusternetLabels.ConfigNamespace]);
        Assert.Equal("Namespace", (await fixture.Shadow.CoreV1.ReadNamespaceAsync("team-a")).Kind);
        await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Parent.CoreV1.ReadNamespaceAsync("team-a"));
    }
}
