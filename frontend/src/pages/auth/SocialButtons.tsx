import { socialLoginUrls } from "../../api/endpoints";

/** Google and GitHub sign-in, offered under both the login and the register form. */
export function SocialButtons() {
  return (
    <div className="social">
      <p className="divider">
        <span>or continue with</span>
      </p>
      <div className="social-buttons">
        <a className="btn btn-social" href={socialLoginUrls.google}>
          <span aria-hidden="true" className="social-icon google">
            G
          </span>
          Google
        </a>
        <a className="btn btn-social" href={socialLoginUrls.github}>
          <span aria-hidden="true" className="social-icon github">
            ⌥
          </span>
          GitHub
        </a>
      </div>
    </div>
  );
}
