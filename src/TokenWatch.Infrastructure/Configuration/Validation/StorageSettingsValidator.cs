using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>Where the tables are: one way to reach the account that can work, and a catalog table name.</summary>
public sealed partial class StorageSettingsValidator : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result(Problems(options.Storage));

    private static IEnumerable<string> Problems(StorageOptions storage)
    {
        if (!TableName().IsMatch(storage.CatalogTable ?? ""))
        {
            yield return $"TokenWatch:Storage:CatalogTable '{storage.CatalogTable}' is not a table name "
                + "(3-63 letters and digits, starting with a letter).";
        }

        var hasConnection = !string.IsNullOrWhiteSpace(storage.ConnectionString);
        var hasUri = !string.IsNullOrWhiteSpace(storage.TableServiceUri);
        if (storage.SignIn == StorageSignIn.AzureCli && !hasUri)
        {
            yield return "TokenWatch:Storage:SignIn 'AzureCli' needs TokenWatch:Storage:TableServiceUri "
                + "(the operator's sign-in reaches the table endpoint; a connection string signs in with its key).";
        }
        else if (!hasConnection && !hasUri)
        {
            yield return "TokenWatch:Storage needs ConnectionString or TableServiceUri.";
        }
        else if (
            hasUri
            && (
                !Uri.TryCreate(storage.TableServiceUri, UriKind.Absolute, out var uri)
                || uri.Scheme != Uri.UriSchemeHttps
            )
        )
        {
            yield return $"TokenWatch:Storage:TableServiceUri '{storage.TableServiceUri}' is not an https URL.";
        }
        else if (hasConnection && !IsTableConnectionString(storage.ConnectionString!))
        {
            // The string holds the account key: say what is wrong, never what it is.
            yield return "TokenWatch:Storage:ConnectionString is not a storage connection string with a table "
                + "endpoint (it is not shown here: it holds the account key).";
        }
    }

    /// <summary>The Tables client parses it without connecting; what it cannot parse would fail every poll.</summary>
    private static bool IsTableConnectionString(string connectionString)
    {
        try
        {
            _ = new Azure.Data.Tables.TableServiceClient(connectionString);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
