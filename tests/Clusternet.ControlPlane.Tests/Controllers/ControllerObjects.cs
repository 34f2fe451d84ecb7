using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Controllers;

/// <summary>Objects and probes the controller tests share.</summary>
internal static class ControllerObjects
{
    public const string WidgetGroup = "example.com";

    public static async Task<bool> GoneAsync(Func<Task> read)
    {
        try
        {
            await read();
            return false;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    /// <summary>A namespaced CRD <c>widgets.example.com</c> (any fields); created once per server.</summary>
    public static async Task EnsureWidgetsAsync(IKubernetes client)
    {
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "widgets." + WidgetGroup },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = WidgetGroup,
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
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>Creates a Widget and returns its uid.</summary>
    public static async Task<string> CreateWidgetAsync(IKubernetes client, string ns, string name)
    {
        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new Dictionary<string, object> { ["apiVersion"] = WidgetGroup + "/v1", ["kind"] = "Widget", ["metadata"] = new Dictionary<string, object> { ["name"] = name } },
            WidgetGroup, "v1", ns, "widgets");
        return ((System.Text.Json.JsonElement)created).GetProperty("metadata").GetProperty("uid").GetString()!;
    }

    public static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            },
        },
    };

    /// <summary>A ReplicaSet owned by <paramref name="owner"/> as the deployment controller would make it (blockOwnerDeletion true).</summary>
    public static V1ReplicaSet OwnedReplicaSet(V1Deployment owner) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = owner.Metadata.Name + "-rs",
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = true, Controller = true }],
        },
        Spec = new V1ReplicaSetSpec { Selector = owner.Spec.Selector, Template = owner.Spec.Template },
    };
}
