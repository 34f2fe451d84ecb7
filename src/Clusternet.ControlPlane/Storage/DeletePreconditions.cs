namespace Clusternet.ControlPlane.Storage;

/// <summary>What must hold for a delete to go ahead (DeleteOptions.preconditions); a mismatch is a conflict.</summary>
/// <param name="ResourceVersion">The resourceVersion the stored object must have, or null for any.</param>
/// <param name="Uid">The <c>metadata.uid</c> the stored object must have, or null for any.</param>
public sealed record DeletePreconditions(long? ResourceVersion = null, string? Uid = null);
