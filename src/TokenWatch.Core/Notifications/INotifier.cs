namespace TokenWatch.Core.Notifications;

/// <summary>Delivers an email: SendGrid in Azure, an outbox folder locally.</summary>
public interface INotifier
{
    /// <summary>Throws <see cref="DeliveryException"/> when the provider did not accept the message.</summary>
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
