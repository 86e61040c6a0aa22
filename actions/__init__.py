"""Custom actions of the Vidensassistent (run by the action server, which imports
every module of this package): one sub-package per feature (faq, referral, trainer,
feedback), the names they share (`names`) and how one reacts to another's reply
(`hooks`)."""
