using System.Data.Common;
using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ArticlesApi.Features.Articles.Ready;

/// The one statement of a ready-made public read (an article by id or slug, an author, tag or source), sent through
/// EF's relational command: the context's connection, its command interceptors and its command logging see it as every
/// read's (the tests' SQL-command count counts it), without the LINQ pipeline of SqlQueryRaw (a query expression made
/// and looked up in the query cache, a shaper, a list of records per read: the API's ÷ raw of 0.64 on by-slug against
/// 1.08 with a plain NpgsqlCommand, ADR 0045). Positional parameters (`$1`…) as given, unnamed: Npgsql sends the SQL as
/// it is, without rewriting named placeholders. Disposing the reader closes the connection EF opened for it.
public static class ReadyStatement
{
    static readonly string[] Names = ["p0", "p1", "p2", "p3"];

    /// A parameter added as it is (EF's RawRelationalParameter skips one whose name is already in the command, which every
    /// unnamed parameter after the first is, and clones each).
    sealed class Positional(string invariantName, DbParameter parameter) : IRelationalParameter
    {
        public string InvariantName => invariantName;

        public void AddDbParameter(DbCommand command, object? value) => command.Parameters.Add(parameter);

        public void AddDbParameter(DbCommand command, IReadOnlyDictionary<string, object?>? parameterValues) => command.Parameters.Add(parameter);
    }

    static readonly Dictionary<string, object?> NoValues = [];

    public static Task<RelationalDataReader> ExecuteReaderAsync(ArticlesDb db, string sql, DbParameter[] parameters, CancellationToken ct)
    {
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(sql);
        for (var i = 0; i < parameters.Length; i++)
            builder.AddParameter(new Positional(Names[i], parameters[i]));
        return builder.Build().ExecuteReaderAsync(new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(), NoValues, null, db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery), ct);
    }
}
