//! Credentials for the Prometheus server, read from environment variables so that they never
//! appear on a command line, and kept out of every message.

use std::fmt;

use base64::Engine as _;

/// The bearer token's variable.
pub const TOKEN_VARIABLE: &str = "SLOGATE_PROMETHEUS_TOKEN";
/// The basic-auth user's variable.
pub const USER_VARIABLE: &str = "SLOGATE_PROMETHEUS_USER";
/// The basic-auth password's variable.
pub const PASSWORD_VARIABLE: &str = "SLOGATE_PROMETHEUS_PASSWORD";

/// How requests authenticate. `Debug` shows the kind only, never the secret.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic <base64(user:password)>`.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::None => "Auth::None",
            Auth::Bearer(_) => "Auth::Bearer(<redacted>)",
            Auth::Basic { .. } => "Auth::Basic(<redacted>)",
        })
    }
}

impl Auth {
    /// Reads the credentials through `lookup` (`std::env::var` in a program): a token in
    /// `SLOGATE_PROMETHEUS_TOKEN`, or a user and password in `SLOGATE_PROMETHEUS_USER` and
    /// `SLOGATE_PROMETHEUS_PASSWORD`. Empty variables count as unset. Both kinds at once, or a
    /// user without a password (or the reverse), are refused: the messages name variables only.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Auth, String> {
        let read = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let token = read(TOKEN_VARIABLE);
        let user = read(USER_VARIABLE);
        let password = read(PASSWORD_VARIABLE);
        match (token, user, password) {
            (None, None, None) => Ok(Auth::None),
            (Some(token), None, None) => Ok(Auth::Bearer(token)),
            (None, Some(user), Some(password)) => Ok(Auth::Basic { user, password }),
            (Some(_), _, _) => Err(format!(
                "both {TOKEN_VARIABLE} and {USER_VARIABLE}/{PASSWORD_VARIABLE} are set; \
                 set either a bearer token or a user and password"
            )),
            (None, Some(_), None) => Err(format!(
                "{USER_VARIABLE} is set without {PASSWORD_VARIABLE}; set both for basic auth"
            )),
            (None, None, Some(_)) => Err(format!(
                "{PASSWORD_VARIABLE} is set without {USER_VARIABLE}; set both for basic auth"
            )),
        }
    }

    /// The `Authorization` header's value, if any.
    pub fn header(&self) -> Option<String> {
        match self {
            Auth::None => None,
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
            Auth::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
        }
    }

    /// Replaces every secret (and its encoded header form) in `text` with `<redacted>`: the
    /// last guard before any text that a server or a library wrote reaches a message.
    pub fn redact(&self, text: &str) -> String {
        let mut secrets: Vec<String> = Vec::new();
        match self {
            Auth::None => {}
            Auth::Bearer(token) => secrets.push(token.clone()),
            Auth::Basic { password, .. } => secrets.push(password.clone()),
        }
        if let Some(header) = self.header() {
            if let Some((_, encoded)) = header.split_once(' ') {
                secrets.push(encoded.to_owned());
            }
        }
        let mut text = text.to_owned();
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            text = text.replace(secret.as_str(), "<redacted>");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn credentials_come_from_the_environment() {
        assert_eq!(Auth::from_lookup(lookup(&[])), Ok(Auth::None));
        assert_eq!(
            Auth::from_lookup(lookup(&[(TOKEN_VARIABLE, "t0k")]))
                .unwrap()
                .header(),
            Some("Bearer t0k".to_owned())
        );
        let basic = Auth::from_lookup(lookup(&[(USER_VARIABLE, "ann"), (PASSWORD_VARIABLE, "pw")]))
            .unwrap();
        assert_eq!(basic.header(), Some("Basic YW5uOnB3".to_owned()));
        assert_eq!(format!("{basic:?}"), "Auth::Basic(<redacted>)");
        assert_eq!(
            Auth::from_lookup(lookup(&[(TOKEN_VARIABLE, "")])),
            Ok(Auth::None)
        );
    }

    #[test]
    fn half_or_double_credentials_are_refused_without_their_values() {
        assert_eq!(
            Auth::from_lookup(lookup(&[(USER_VARIABLE, "ann")])).unwrap_err(),
            "SLOGATE_PROMETHEUS_USER is set without SLOGATE_PROMETHEUS_PASSWORD; set both for \
             basic auth"
        );
        assert_eq!(
            Auth::from_lookup(lookup(&[(PASSWORD_VARIABLE, "pw")])).unwrap_err(),
            "SLOGATE_PROMETHEUS_PASSWORD is set without SLOGATE_PROMETHEUS_USER; set both for \
             basic auth"
        );
        assert_eq!(
            Auth::from_lookup(lookup(&[(TOKEN_VARIABLE, "s3cret"), (USER_VARIABLE, "ann")]))
                .unwrap_err(),
            "both SLOGATE_PROMETHEUS_TOKEN and SLOGATE_PROMETHEUS_USER/SLOGATE_PROMETHEUS_PASSWORD \
             are set; set either a bearer token or a user and password"
        );
    }

    #[test]
    fn redaction_removes_the_secret_and_its_encoded_form() {
        let basic = Auth::Basic {
            user: "ann".into(),
            password: "pw-123".into(),
        };
        let header = basic.header().unwrap();
        assert_eq!(
            basic.redact(&format!("echo: {header} and pw-123")),
            "echo: Basic <redacted> and <redacted>"
        );
        assert_eq!(Auth::None.redact("plain"), "plain");
    }
}
