using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>The Status answers of resource handlers, worded as kube-apiserver words them.</summary>
internal static class ResourceErrors
{
    /// <summary><c>configmaps</c> for the core group, <c>subscriptions.apps.clusternet.io</c> otherwise.</summary>
    public static string Qualified(ServedResource resource) =>
        resource.Group.Length == 0 ? resource.Resource : resource.Resource + "." + resource.Group;

    public static StatusException NotFound(ServedResource resource, string name) =>
        StatusException.Create(404, "NotFound", $"{Qualified(resource)} \"{name}\" not found", Details(resource, name));

    public static StatusException AlreadyExists(ServedResource resource, string name) =>
        StatusException.Create(409, "AlreadyExists", $"{Qualified(resource)} \"{name}\" already exists", Details(resource, name));

    public static StatusException Conflict(ServedResource resource, string name) =>
        StatusException.Create(
            409,
            "Conflict",
            $"Operation cannot be fulfilled on {Qualified(resource)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(resource, name));

    public static StatusException PreconditionFailed(ServedResource resource, string name, string message) =>
        StatusException.Create(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(resource)} \"{name}\": {message}", Details(resource, name));

    public static StatusException NamespaceNotFound(string ns) =>
        StatusException.Create(404, "NotFound", $"namespaces \"{ns}\" not found", new V1StatusDetails { Name = ns, Kind = "namespaces" });

    public static StatusException BadRequest(string message) => StatusException.Create(400, "BadRequest", message);

    public static StatusException ResourceNotFound() =>
        StatusException.Create(404, "NotFound", "the server could not find the requested resource", new V1StatusDetails());

    public static StatusException MethodNotAllowed(string verb) =>
        StatusException.Create(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({verb})", new V1StatusDetails());

    public static StatusException Expired(string message) => StatusException.Create(410, "Expired", message);

    /// <summary>Maps a storage refusal onto its Status.</summary>
    public static StatusException FromStorage(ServedResource resource, string name, StorageException exception) => exception switch
    {
        StorageNotFoundException => NotFound(resource, name),
        StorageAlreadyExistsException => AlreadyExists(resource, name),
        StorageConflictException => Conflict(resource, name),
        StorageExpiredException e => Expired(e.Message),
        _ => StatusException.Create(500, "InternalError", exception.Message),
    };

    private static V1StatusDetails Details(ServedResource resource, string name) =>
        new() { Name = name, Group = resource.Group, Kind = resource.Resource };
}
