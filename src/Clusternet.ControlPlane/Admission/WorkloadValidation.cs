using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Selectors;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// The workload checks users meet first, with kube-apiserver's messages: a selector that matches the pod
/// template's labels (apps/v1 kinds), and containers that have a valid, unique name and an image.
/// </summary>
internal sealed class WorkloadValidation : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        AdmissionJson.Writes(request) && request.Subresource is null && (request.Resource.Group, request.Resource.Resource) is
            ("", "pods") or ("apps", "deployments" or "replicasets" or "statefulsets" or "daemonsets") or ("batch", "jobs");

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var spec = AdmissionJson.Child(request.Object, "spec");
        var errors = new List<FieldError>();
        if (request.Resource.Resource == "pods")
        {
            ValidateContainers(spec, "spec", errors);
        }
        else
        {
            var template = spec["template"] as JsonObject;
            if (request.Resource.Group == "apps")
            {
                ValidateSelector(request.Resource.Resource, spec, template, errors);
            }

            ValidateContainers(template?["spec"] as JsonObject, "spec.template.spec", errors);
        }

        AdmissionJson.ThrowIfInvalid(request, errors);
        return ValueTask.CompletedTask;
    }

    private static void ValidateSelector(string resource, JsonObject spec, JsonObject? template, List<FieldError> errors)
    {
        if (spec["selector"] is not JsonObject selector)
        {
            errors.Add(new FieldError(FieldErrorType.Required, "spec.selector", null, string.Empty));
            return;
        }

        if (selector["matchLabels"] is not JsonObject { Count: > 0 } && selector["matchExpressions"] is not JsonArray { Count: > 0 })
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.selector", selector.DeepClone(), "empty selector is invalid for " + resource switch
            {
                // kube-apiserver words the ReplicaSet case as for a Deployment.
                "statefulsets" => "statefulset",
                "daemonsets" => "daemonset",
                _ => "deployment",
            }));
            return;
        }

        LabelSelector parsed;
        try
        {
            parsed = LabelSelector.FromObject(selector);
        }
        catch (SelectorParseException e)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.selector", selector.DeepClone(), e.Message));
            return;
        }

        var labels = (template?["metadata"] as JsonObject)?["labels"] as JsonObject;
        var set = labels?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty) ?? [];
        if (!parsed.Matches(set))
        {
            // The labels are a Go map[string]string there, which kube-apiserver prints with %#v (keys sorted).
            var goValue = "map[string]string{" + string.Join(", ", set.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => GoValueFormat.Quote(p.Key) + ":" + GoValueFormat.Quote(p.Value))) + "}";
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.template.metadata.labels", labels?.DeepClone() ?? new JsonObject(),
                "`selector` does not match template `labels`") { GoValue = goValue });
        }
    }

    private static void ValidateContainers(JsonObject? podSpec, string path, List<FieldError> errors)
    {
        var containers = AdmissionJson.Items(podSpec, "containers").ToList();
        if (containers.Count == 0)
        {
            errors.Add(new FieldError(FieldErrorType.Required, path + ".containers", null, string.Empty));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        ValidateList(AdmissionJson.Items(podSpec, "initContainers").ToList(), path + ".initContainers", names, errors);
        ValidateList(containers, path + ".containers", names, errors);
    }

    private static void ValidateList(List<JsonObject> containers, string path, HashSet<string> names, List<FieldError> errors)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var at = path + "[" + i + "]";
            var name = AdmissionJson.String(containers[i], "name") ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Add(new FieldError(FieldErrorType.Required, at + ".name", null, string.Empty));
            }
            else
            {
                foreach (var message in ObjectNames.IsDns1123Label(name))
                {
                    errors.Add(new FieldError(FieldErrorType.Invalid, at + ".name", name, message));
                }

                // Init and app containers share one name space within a pod.
                if (!names.Add(name))
                {
                    errors.Add(new FieldError(FieldErrorType.Duplicate, at + ".name", name, string.Empty));
                }
            }

            if (string.IsNullOrWhiteSpace(AdmissionJson.String(containers[i], "image")))
            {
                errors.Add(new FieldError(FieldErrorType.Required, at + ".image", null, string.Empty));
            }
        }
    }
}
