using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>POST on a collection: defaults, admission, storage; 201 with the stored object.</summary>
internal sealed class CreateHandler(ApiServices services, CustomResourceDefinitionLifecycle definitions)
{
    public async Task HandleAsync(ResourceRequest request)
    {
        if (request.Info.Name is not null || request.Info.Subresource is not null)
        {
            throw ResourceErrors.MethodNotAllowed("create");
        }

        var obj = await RequestBody.ReadObjectAsync(request.Context, services.Settings.MaxRequestBodyBytes).ConfigureAwait(false);
        var stored = await CreateAsync(request, obj, trackFields: true).ConfigureAwait(false);
        await ObjectResponse.WriteAsync(request.Context, request.ForResponse(stored), StatusCodes.Status201Created).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates <paramref name="obj"/>: namespace from the URL, generated name, server metadata, admission, storage
    /// (nothing is stored on a dry run). Returns what was stored.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="obj">The object to create; changed in place.</param>
    /// <param name="trackFields">Whether the write is recorded in managedFields (false when apply already did).</param>
    public async Task<JsonObject> CreateAsync(ResourceRequest request, JsonObject obj, bool trackFields)
    {
        var resource = request.Resource;

        // client-node's typed APIs send bodies without apiVersion and kind: the URL says what they are.
        obj["apiVersion"] = resource.GroupVersion;
        obj["kind"] = resource.Kind;
        var metadata = ObjectMetadata.Of(obj);
        ApplyNamespace(request, metadata);
        var name = JsonFields.String(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            var prefix = JsonFields.String(metadata, "generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw new StatusException(Validation.InvalidStatus.Create(
                    resource.Group,
                    resource.Kind,
                    string.Empty,
                    [new Validation.FieldError(Validation.FieldErrorType.Required, "metadata.name", null, "name or generateName is required")]));
            }

            name = ObjectMetadata.GenerateName(prefix);
            metadata["name"] = name;
        }

        if (request.Namespace is { } ns)
        {
            await RequireNamespaceAsync(ns, resource, name, request.Aborted).ConfigureAwait(false);
        }

        ObjectMetadata.PrepareForCreate(obj, services.Time.GetUtcNow());
        if (ObjectMetadata.HasStatus(resource) && resource.DefinedBy is not null)
        {
            obj.Remove("status"); // a custom resource's status is written only through /status
        }

        FieldValidation.Check(request, services, obj);
        await services.AdmitAsync(
            new AdmissionRequest(resource, null, AdmissionOperation.Create, request.Namespace, obj, null, request.DryRun) { User = Security.RequestUser.Get(request.Context) },
            request.Aborted).ConfigureAwait(false);
        var isDefinition = CustomResourceDefinitionLifecycle.IsDefinition(resource);
        if (isDefinition)
        {
            definitions.Validate(obj);
            definitions.SetStatus(obj);
        }

        if (trackFields)
        {
            obj = FieldManagement.RecordUpdate(request, definitions, null, obj, services.Time);
        }

        var key = new StorageKey(request.StorageResource, request.Namespace, name);
        JsonObject stored;
        if (request.DryRun)
        {
            if (await services.Store.GetAsync(key, request.Aborted).ConfigureAwait(false) is not null)
            {
                throw ResourceErrors.AlreadyExists(resource, name);
            }

            stored = obj;
        }
        else
        {
            try
            {
                stored = await services.Store.CreateAsync(key, obj, request.Aborted).ConfigureAwait(false);
            }
            catch (StorageException e)
            {
                throw ResourceErrors.FromStorage(resource, name, e);
            }

            if (isDefinition)
            {
                definitions.Serve(stored);
            }
        }

        return stored;
    }

    /// <summary>The namespace comes from the URL; a different one in the body is refused, as kube-apiserver does.</summary>
    public static void ApplyNamespace(ResourceRequest request, JsonObject metadata)
    {
        var inBody = JsonFields.String(metadata, "namespace");
        if (request.Namespace is { } ns)
        {
            if (!string.IsNullOrEmpty(inBody) && inBody != ns)
            {
                throw ResourceErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }
    }

    private async Task RequireNamespaceAsync(string ns, ServedResource resource, string name, CancellationToken cancellationToken)
    {
        var namespaceObject = await services.Store.GetAsync(new StorageKey("namespaces", null, ns), cancellationToken).ConfigureAwait(false)
            ?? throw ResourceErrors.NamespaceNotFound(ns);
        if (ObjectMetadata.IsDeleting(namespaceObject))
        {
            throw StatusException.Create(
                403,
                "Forbidden",
                $"{ResourceErrors.Qualified(resource)} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                new V1StatusDetails
                {
                    Name = name,
                    Group = resource.Group,
                    Kind = resource.Resource,
                    Causes = [new V1StatusCause { Reason = "NamespaceTerminating", Message = "namespace " + ns + " is being terminated", Field = "metadata.namespace" }],
                });
        }
    }
}
