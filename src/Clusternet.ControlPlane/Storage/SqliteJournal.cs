using Microsoft.Data.Sqlite;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// The SQLite file behind <see cref="SqliteObjectStore"/>: a row per object and the store's resourceVersion,
/// written one transaction per batch by a single connection.
/// </summary>
internal sealed class SqliteJournal : IStoreJournal
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _setVersion;

    /// <summary>About SQLite's default checkpoint threshold (1,000 pages of 4 KiB) in bytes written.</summary>
    private const long CheckpointBytes = 4L << 20;

    private long _sinceCheckpoint;

    private SqliteJournal(SqliteConnection connection)
    {
        _connection = connection;
        _upsert = Command(
            "INSERT INTO objects(resource, namespace, name, rv, json) VALUES ($resource, $namespace, $name, $rv, $json) " +
            "ON CONFLICT(resource, namespace, name) DO UPDATE SET rv = excluded.rv, json = excluded.json",
            "$resource", "$namespace", "$name", "$rv", "$json");
        _delete = Command("DELETE FROM objects WHERE resource = $resource AND namespace = $namespace AND name = $name", "$resource", "$namespace", "$name");
        _setVersion = Command("UPDATE meta SET resource_version = $rv WHERE id = 1", "$rv");
    }

    /// <summary>Opens (or creates) the file and reads every object and the resourceVersion.</summary>
    public static SqliteJournal Open(string path, out long resourceVersion, out List<(StorageKey Key, StoreElement Element)> objects)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // the file must be released on dispose, so the directory can be reopened at once

            // Only a second owner of the file ever waits on its lock; fail fast rather than after the default 30 s.
            DefaultTimeout = 1,
        }.ToString());
        connection.Open();
        try
        {
            // Exclusive first: one process owns the file, and WAL then keeps its index in private memory.
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE");
            Execute(connection, "PRAGMA journal_mode=WAL");
            Execute(connection, "PRAGMA synchronous=FULL");

            // SQLite folds the WAL into the file inside the commit that crosses the threshold, so that one
            // write (and the watchers waiting for it) would wait for the checkpoint's copying and sync too.
            // Maintain() does it between batches instead.
            Execute(connection, "PRAGMA wal_autocheckpoint=0");
            // Being a write, this takes the exclusive lock: a second store on the file fails here rather than later.
            Execute(connection,
                "CREATE TABLE IF NOT EXISTS objects(resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, rv INTEGER NOT NULL, json BLOB NOT NULL, " +
                "PRIMARY KEY(resource, namespace, name)) WITHOUT ROWID;" +
                "CREATE TABLE IF NOT EXISTS meta(id INTEGER PRIMARY KEY CHECK (id = 1), resource_version INTEGER NOT NULL);" +
                "INSERT OR IGNORE INTO meta(id, resource_version) VALUES (1, 0);");

            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT resource_version FROM meta WHERE id = 1";
                resourceVersion = (long)read.ExecuteScalar()!;
            }

            objects = [];
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT resource, namespace, name, rv, json FROM objects";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    var ns = reader.GetString(1);
                    var key = new StorageKey(reader.GetString(0), ns.Length == 0 ? null : ns, reader.GetString(2));
                    objects.Add((key, StoreElement.FromStored(reader.GetFieldValue<byte[]>(4), reader.GetInt64(3))));
                }
            }

            return new SqliteJournal(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Commit(IReadOnlyList<StoreChange> batch)
    {
        using var transaction = _connection.BeginTransaction();
        _upsert.Transaction = _delete.Transaction = _setVersion.Transaction = transaction;
        foreach (var e in batch)
        {
            var command = e.Type == StoreEventType.Deleted ? _delete : _upsert;
            command.Parameters["$resource"].Value = e.Key.Resource;
            command.Parameters["$namespace"].Value = e.Key.Namespace ?? string.Empty;
            command.Parameters["$name"].Value = e.Key.Name;
            if (command == _upsert)
            {
                command.Parameters["$rv"].Value = e.ResourceVersion;
                command.Parameters["$json"].Value = e.Element.Json;
            }

            command.ExecuteNonQuery();
        }

        _setVersion.Parameters["$rv"].Value = batch[^1].ResourceVersion;
        _setVersion.ExecuteNonQuery();
        transaction.Commit();
        foreach (var e in batch)
        {
            _sinceCheckpoint += e.Element.Json.Length + 64;
        }
    }

    public void Maintain()
    {
        if (_sinceCheckpoint < CheckpointBytes)
        {
            return;
        }

        _sinceCheckpoint = 0;
        Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE)");
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _delete.Dispose();
        _setVersion.Dispose();
        _connection.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
