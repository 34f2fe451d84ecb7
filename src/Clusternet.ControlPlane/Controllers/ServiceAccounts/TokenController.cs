using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Controllers.Dynamic;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Controllers.ServiceAccounts;

/// <summary>
/// Fills the <c>kubernetes.io/service-account-token</c> Secrets users create (token, <c>ca.crt</c>, namespace, and the
/// service account's uid annotation) and deletes them with their service account, as kube-controller-manager's
/// token controller. Like Kubernetes since 1.24 it creates no such Secret by itself.
/// </summary>
internal sealed partial class TokenController(ILogger logger) : IControlPlaneController
{
    /// <summary>The Secret type of legacy service-account tokens.</summary>
    public const string SecretType = "kubernetes.io/service-account-token";

    /// <summary>The annotation naming the service account a token Secret belongs to.</summary>
    public const string NameAnnotation = "kubernetes.io/service-account.name";

    /// <summary>The annotation the controller fills with the service account's uid.</summary>
    public const string UidAnnotation = "kubernetes.io/service-account.uid";

    private static readonly ApiResource Secrets = new(string.Empty, "v1", "secrets", "Secret", true, ["list", "watch"]);
    private static readonly ApiResource ServiceAccounts = new(string.Empty, "v1", "serviceaccounts", "ServiceAccount", true, ["list", "watch"]);

    /// <inheritdoc />
    public string Name => "serviceaccount-token";

    /// <inheritdoc />
    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        // Keys: "secret/<ns>/<name>" to fill a Secret, "account/<ns>/<name>" for a deleted service account.
        var queue = new WorkQueue<string>(context.Time);
        var ownWrites = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var secrets = ResourceWatch.ForEachPresentAsync(context.Client, Secrets, EnqueueSecret, context.Time, cancellationToken);
        var accounts = ResourceWatch.RunAsync(
            context.Client,
            ServiceAccounts,
            _ => ValueTask.CompletedTask,
            (type, obj) =>
            {
                if (type == WatchEventType.Deleted)
                {
                    queue.Add("account/" + JsonFields.String(obj, "metadata", "namespace") + "/" + JsonFields.String(obj, "metadata", "name") + "/" + JsonFields.String(obj, "metadata", "uid"));
                }

                return ValueTask.CompletedTask;
            },
            context.Time,
            cancellationToken);
        var work = Task.Run(
            async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var key = await queue.TakeAsync(cancellationToken).ConfigureAwait(false);
                    var parts = key.Split('/');
                    try
                    {
                        if (parts[0] == "secret")
                        {
                            if (await FillAsync(context, parts[1], parts[2], cancellationToken).ConfigureAwait(false) is { } written)
                            {
                                ownWrites[key] = written;
                            }
                        }
                        else
                        {
                            await DeleteTokensAsync(context.Client, parts[1], parts[2], parts[3], cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        LogSyncFailed(logger, e, key);
                        queue.AddAfter(key, TimeSpan.FromSeconds(1), cancellationToken);
                    }
                }
            },
            cancellationToken);
        await Task.WhenAll(secrets, accounts, work).ConfigureAwait(false);

        void EnqueueSecret(JsonObject secret)
        {
            if (JsonFields.String(secret, "type") != SecretType || JsonFields.String(secret, "metadata", "deletionTimestamp") is not null)
            {
                return;
            }

            var key = "secret/" + JsonFields.String(secret, "metadata", "namespace") + "/" + JsonFields.String(secret, "metadata", "name");

            // The event of this controller's own fill carries nothing new: it is not read again. Any other version (a
            // user's edit, the list after a restart) is synced in full, so a token whose account is gone is still found.
            if (ownWrites.TryRemove(key, out var written) && written == JsonFields.String(secret, "metadata", "resourceVersion"))
            {
                return;
            }

            queue.Add(key);
        }
    }

    /// <summary>Fills the token Secret; returns the resourceVersion of the write when there was one.</summary>
    private static async Task<string?> FillAsync(ControllerContext context, string ns, string name, CancellationToken cancellationToken)
    {
        var client = context.Client;
        V1Secret secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        if (secret.Type != SecretType || secret.Metadata.DeletionTimestamp is not null || Annotation(secret, NameAnnotation) is not { Length: > 0 } accountName)
        {
            return null;
        }

        V1ServiceAccount account;
        try
        {
            account = await client.CoreV1.ReadNamespacedServiceAccountAsync(accountName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // A token for an account that does not exist is deleted, as upstream does; it could never authenticate.
            await DeleteSecretAsync(client, secret, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (Annotation(secret, UidAnnotation) is { Length: > 0 } uid && uid != account.Metadata.Uid)
        {
            await DeleteSecretAsync(client, secret, cancellationToken).ConfigureAwait(false); // made for an earlier account of that name
            return null;
        }

        var data = secret.Data ?? new Dictionary<string, byte[]>();
        var changed = false;
        void Set(string key, string value)
        {
            if (!data.TryGetValue(key, out var existing) || existing.Length == 0)
            {
                data[key] = Encoding.UTF8.GetBytes(value);
                changed = true;
            }
        }

        if (context.CertificateAuthorityPem is { } ca)
        {
            Set("ca.crt", ca);
        }

        Set("namespace", ns);
        if (context.TokenSigner is { } signer)
        {
            Set("token", signer.SignSecretToken(ns, accountName, account.Metadata.Uid, name));
        }

        if (Annotation(secret, UidAnnotation) != account.Metadata.Uid)
        {
            secret.Metadata.Annotations ??= new Dictionary<string, string>();
            secret.Metadata.Annotations[UidAnnotation] = account.Metadata.Uid;
            changed = true;
        }

        if (!changed)
        {
            return null;
        }

        secret.Data = data;
        try
        {
            return (await client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata.ResourceVersion;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
        {
            // changed or deleted meanwhile: the watch brings the new state back
            return null;
        }
    }

    private static async Task DeleteTokensAsync(IKubernetes client, string ns, string accountName, string accountUid, CancellationToken cancellationToken)
    {
        var secrets = await client.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "type=" + SecretType, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var secret in secrets.Items.Where(s => s.Type == SecretType && Annotation(s, NameAnnotation) == accountName))
        {
            if (Annotation(secret, UidAnnotation) is { Length: > 0 } uid && uid != accountUid)
            {
                continue; // belongs to a newer account of the same name
            }

            await DeleteSecretAsync(client, secret, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DeleteSecretAsync(IKubernetes client, V1Secret secret, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedSecretAsync(secret.Metadata.Name, secret.Metadata.NamespaceProperty, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = secret.Metadata.Uid } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
        {
        }
    }

    private static string? Annotation(V1Secret secret, string key) =>
        secret.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "token controller: {Key} failed; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string key);
}
