using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// Descriptors of the authorization.k8s.io/v1 review messages (k8s.io/api authorization/v1 generated.proto): kubectl 1.32
/// sends <c>auth can-i</c>'s SelfSubjectAccessReview and SelfSubjectRulesReview as protobuf.
/// </summary>
internal static class AuthorizationMessages
{
    /// <summary><c>ResourceAttributes</c>; the selector attributes (8, 9) are not read, as the server does not evaluate them.</summary>
    public static readonly MessageDescriptor ResourceAttributes = new MessageDescriptor("ResourceAttributes")
        .String(1, "namespace")
        .String(2, "verb")
        .String(3, "group")
        .String(4, "version")
        .String(5, "resource")
        .String(6, "subresource")
        .String(7, "name");

    /// <summary><c>NonResourceAttributes</c>.</summary>
    public static readonly MessageDescriptor NonResourceAttributes = new MessageDescriptor("NonResourceAttributes")
        .String(1, "path")
        .String(2, "verb");

    /// <summary><c>ExtraValue</c>: a wrapped string list, written in JSON as the bare list.</summary>
    public static readonly MessageDescriptor ExtraValue = new MessageDescriptor("ExtraValue", (decoded, _) => decoded["items"]?.DeepClone() ?? new JsonArray())
        .Strings(1, "items");

    /// <summary><c>SubjectAccessReviewSpec</c>.</summary>
    public static readonly MessageDescriptor SubjectAccessReviewSpec = new MessageDescriptor("SubjectAccessReviewSpec")
        .Message(1, "resourceAttributes", ResourceAttributes)
        .Message(2, "nonResourceAttributes", NonResourceAttributes)
        .String(3, "user")
        .Strings(4, "groups")
        .MessageMap(5, "extra", ExtraValue)
        .String(6, "uid");

    /// <summary><c>SubjectAccessReview</c> (status is the server's, not read).</summary>
    public static readonly MessageDescriptor SubjectAccessReview = new MessageDescriptor("SubjectAccessReview")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", SubjectAccessReviewSpec);

    /// <summary><c>LocalSubjectAccessReview</c>.</summary>
    public static readonly MessageDescriptor LocalSubjectAccessReview = new MessageDescriptor("LocalSubjectAccessReview")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", SubjectAccessReviewSpec);

    /// <summary><c>SelfSubjectAccessReview</c>.</summary>
    public static readonly MessageDescriptor SelfSubjectAccessReview = new MessageDescriptor("SelfSubjectAccessReview")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", new MessageDescriptor("SelfSubjectAccessReviewSpec")
            .Message(1, "resourceAttributes", ResourceAttributes)
            .Message(2, "nonResourceAttributes", NonResourceAttributes));

    /// <summary><c>SelfSubjectRulesReview</c>.</summary>
    public static readonly MessageDescriptor SelfSubjectRulesReview = new MessageDescriptor("SelfSubjectRulesReview")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", new MessageDescriptor("SelfSubjectRulesReviewSpec")
            .String(1, "namespace"));
}
