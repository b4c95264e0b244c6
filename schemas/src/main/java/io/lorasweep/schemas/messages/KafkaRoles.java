package io.lorasweep.schemas.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the product's topics, as Kafka ACLs: only the controller writes assignments and orders, only
 * agents write trial events, and each reads only what it consumes. A broker that authorizes (deny when no ACL
 * matches) and knows these two logins enforces it; {@link #provision} sets both up as the broker's admin.
 */
public final class KafkaRoles {

    /** The sweep controller's login. */
    public static final String CONTROLLER = "lorasweep-controller";
    /** Every agent's login. */
    public static final String AGENT = "lorasweep-agent";
    public static final List<String> USERS = List.of(CONTROLLER, AGENT);

    private static final int SCRAM_ITERATIONS = 8192;

    private KafkaRoles() {
    }

    /** Every ACL of both roles. */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        // the controller creates the topics it uses, and describes them to find which are missing
        topic(acls, CONTROLLER, Topics.TRIALS, AclOperation.WRITE, AclOperation.CREATE);
        topic(acls, CONTROLLER, Topics.CONTROL, AclOperation.WRITE, AclOperation.CREATE);
        topic(acls, CONTROLLER, Topics.EVENTS, AclOperation.READ, AclOperation.CREATE);
        topic(acls, CONTROLLER, Topics.DEAD_LETTER, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
        topic(acls, CONTROLLER, Topics.CONTROLLER_LOCK, AclOperation.READ, AclOperation.CREATE);
        groups(acls, CONTROLLER, Topics.CONTROLLER_GROUPS);
        topic(acls, AGENT, Topics.TRIALS, AclOperation.READ);
        topic(acls, AGENT, Topics.CONTROL, AclOperation.READ);
        topic(acls, AGENT, Topics.EVENTS, AclOperation.WRITE);
        // a record an agent refuses goes to the dead letters
        topic(acls, AGENT, Topics.DEAD_LETTER, AclOperation.WRITE);
        groups(acls, AGENT, Topics.AGENT_GROUPS);
        return List.copyOf(acls);
    }

    /**
     * Gives each role its SCRAM-SHA-256 password ({@code passwords}: user to password) and creates the ACLs; run by
     * the broker's admin. Running it again changes nothing but the passwords' salts.
     */
    public static void provision(Admin admin, Map<String, String> passwords)
            throws InterruptedException, ExecutionException {
        List<UserScramCredentialAlteration> logins = new ArrayList<>();
        for (String user : USERS) {
            String password = passwords.get(user);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no password given for the Kafka login " + user);
            }
            logins.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS), password));
        }
        admin.alterUserScramCredentials(logins).all().get();
        admin.createAcls(acls()).all().get();
    }

    private static void topic(List<AclBinding> acls, String user, String topic, AclOperation... operations) {
        ResourcePattern pattern = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
        acls.add(allow(pattern, user, AclOperation.DESCRIBE));
        for (AclOperation op : operations) {
            acls.add(allow(pattern, user, op));
        }
    }

    private static void groups(List<AclBinding> acls, String user, String prefix) {
        acls.add(allow(new ResourcePattern(ResourceType.GROUP, prefix, PatternType.PREFIXED), user,
                AclOperation.READ));
    }

    private static AclBinding allow(ResourcePattern pattern, String user, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }
}
