package io.phat4j.contracts.cloud;

import static io.phat4j.contracts.cloud.CvmsApiTest.APP_ID;
import static io.phat4j.contracts.cloud.CvmsApiTest.COMPOSE_HASH;
import static io.phat4j.contracts.cloud.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.AppId;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CVM diagnostics, apps, KMS and account endpoints: exact requests and parsed answers. */
@Timeout(30)
class ManagementApiTest {
  private static final CvmId CVM = CvmId.of("my-secret-app");
  private static final AppId APP = AppId.fromHex(APP_ID);

  private final CloudServer cloud = new CloudServer();
  private final PhalaCloudClient client = cloud.clientBuilder().build();

  @AfterEach
  void stop() {
    client.close();
    cloud.close();
  }

  private String body(RecordedRequest r) {
    return CloudServer.body(r);
  }

  @Test
  void stats_parsesSysinfoAndDisks() {
    cloud.enqueue(200, "{\"is_online\":true,\"is_public\":false,\"error\":null,\"sysinfo\":{\"os_name\":\"Linux\","
        + "\"os_version\":\"6.9\",\"kernel_version\":\"6.9.0\",\"cpu_model\":\"Xeon\",\"num_cpus\":2,"
        + "\"total_memory\":4096000,\"available_memory\":1000,\"used_memory\":3000,\"free_memory\":96000,"
        + "\"total_swap\":0,\"used_swap\":0,\"free_swap\":0,\"uptime\":3600,\"loadavg_one\":0.5,"
        + "\"loadavg_five\":0.4,\"loadavg_fifteen\":0.3,\"disks\":[{\"name\":\"vda\",\"mount_point\":\"/\","
        + "\"total_size\":100,\"free_size\":40}]},\"status\":\"running\",\"in_progress\":false,"
        + "\"boot_progress\":\"done\",\"boot_error\":null,\"x\":1}");
    CvmsApi.CvmStats stats = client.cvms().stats(CVM);
    cloud.takeApi("GET", "/cvms/my-secret-app/stats");
    assertThat(stats.sysinfo().numCpus()).isEqualTo(2);
    assertThat(stats.sysinfo().disks()).containsExactly(new CvmsApi.Disk("vda", "/", 100L, 40L));
    assertThat(stats.status()).isEqualTo(CvmStatus.RUNNING);
  }

  @Test
  void networkAndContainers_parse() {
    cloud.enqueue(200, "{\"is_online\":true,\"is_public\":true,\"error\":null,\"internal_ip\":\"10.0.0.2\","
        + "\"latest_handshake\":\"5s\",\"public_urls\":[{\"app\":\"https://a\",\"instance\":\"https://i\"}]}");
    CvmsApi.CvmNetwork net = client.cvms().network(CVM);
    cloud.takeApi("GET", "/cvms/my-secret-app/network");
    assertThat(net.internalIp()).isEqualTo("10.0.0.2");
    assertThat(net.publicUrls()).containsExactly(new CvmInfo.Endpoint("https://a", "https://i"));

    cloud.enqueue(200, "{\"is_online\":true,\"is_public\":true,\"error\":null,\"docker_compose_file\":\"x\","
        + "\"containers\":[{\"id\":\"c1\",\"names\":[\"/app\"],\"image\":\"nginx\",\"image_id\":\"sha256:1\","
        + "\"command\":\"nginx\",\"created\":1769000000,\"state\":\"running\",\"status\":\"Up 2 minutes\","
        + "\"log_endpoint\":\"https://logs\"}]}");
    CvmsApi.CvmComposition comp = client.cvms().containers(CVM);
    cloud.takeApi("GET", "/cvms/my-secret-app/composition");
    assertThat(comp.containers()).singleElement().satisfies(c -> {
      assertThat(c.names()).containsExactly("/app");
      assertThat(c.state()).isEqualTo("running");
      assertThat(c.logEndpoint()).isEqualTo("https://logs");
    });
  }

  @Test
  void updateResourcesAndVisibility_sendOnlyGivenFields() {
    cloud.enqueue(new MockResponse.Builder().code(202).build());
    client.cvms().updateResources(CVM, 4, null, 40, null, true);
    assertThat(tree(body(cloud.takeApi("PATCH", "/cvms/my-secret-app/resources"))))
        .isEqualTo(tree("{\"vcpu\":4,\"disk_size\":40,\"allow_restart\":true}"));

    cloud.enqueueResource(200, "cvm_info.json");
    CvmInfo info = client.cvms().updateVisibility(CVM, true, false, null);
    assertThat(tree(body(cloud.takeApi("PATCH", "/cvms/my-secret-app/visibility"))))
        .isEqualTo(tree("{\"public_sysinfo\":true,\"public_logs\":false}"));
    assertThat(info.name()).isEqualTo("my-secret-app");
  }

  @Test
  void osImages_availableAndUpdate() {
    cloud.enqueue(200, "[{\"version\":[0,5,3],\"prod\":{\"name\":\"dstack-0.5.3\",\"os_image_hash\":\"aa\","
        + "\"is_current\":true},\"dev\":{\"name\":\"dstack-dev-0.5.3\",\"os_image_hash\":\"bb\",\"is_current\":false}},"
        + "{\"version\":[0,5,4,1],\"prod\":null,\"dev\":null}]");
    List<CvmsApi.OsImageVersion> images = client.cvms().availableOsImages(CVM);
    cloud.takeApi("GET", "/cvms/my-secret-app/available-os-images");
    assertThat(images).hasSize(2);
    assertThat(images.get(0).prod()).isEqualTo(new CvmsApi.OsImageBuild("dstack-0.5.3", "aa", true));
    assertThat(images.get(1).version()).containsExactly(0, 5, 4, 1);

    cloud.enqueue(new MockResponse.Builder().code(202).build());
    client.cvms().updateOsImage(CVM, "dstack-0.5.4");
    assertThat(tree(body(cloud.takeApi("PATCH", "/cvms/my-secret-app/os-image"))))
        .isEqualTo(tree("{\"os_image_name\":\"dstack-0.5.4\"}"));
  }

  @Test
  void instanceIds_singleAndBatch() {
    String result = "{\"cvm_id\":\"4242\",\"identifier\":\"my-secret-app\",\"status\":\"updated\","
        + "\"old_instance_id\":null,\"new_instance_id\":\"0123\",\"source\":\"gateway\","
        + "\"verified_with_gateway\":true,\"reason\":null}";
    cloud.enqueue(200, result);
    CvmsApi.InstanceIdRefresh one = client.cvms().refreshInstanceId(CVM, true, false);
    assertThat(tree(body(cloud.takeApi("PATCH", "/cvms/my-secret-app/instance-id"))))
        .isEqualTo(tree("{\"overwrite\":true,\"dry_run\":false}"));
    assertThat(one.newInstanceId()).isEqualTo("0123");

    cloud.enqueue(200, "{\"results\":[" + result + "],\"total\":1}");
    List<CvmsApi.InstanceIdRefresh> many =
        client.cvms().refreshInstanceIds(List.of("4242"), true, true, false, 500, true);
    assertThat(tree(body(cloud.takeApi("PATCH", "/cvms/instance-ids"))))
        .isEqualTo(tree("{\"cvm_ids\":[\"4242\"],\"running_only\":true,\"missing_only\":true,"
            + "\"overwrite\":false,\"limit\":500,\"dry_run\":true}"));
    assertThat(many).containsExactly(one);
    assertThatThrownBy(() -> client.cvms().refreshInstanceIds(List.of(), false, false, false, 501, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be 1 to 500");
  }

  @Test
  void statusBatch_mapByVmUuid() {
    cloud.enqueue(200, "{\"u1\":{\"vm_uuid\":\"u1\",\"status\":\"running\",\"uptime\":\"1h\",\"in_progress\":false,"
        + "\"boot_progress\":null,\"boot_error\":null,\"operation_type\":null,\"operation_started_at\":null,"
        + "\"correlation_id\":null},\"u2\":{\"vm_uuid\":\"u2\",\"status\":\"stopped\"}}");
    Map<String, CvmsApi.BatchStatus> status = client.cvms().statusBatch(List.of("u1", "u2"));
    assertThat(tree(body(cloud.takeApi("POST", "/status/batch"))))
        .isEqualTo(tree("{\"vm_uuids\":[\"u1\",\"u2\"]}"));
    assertThat(status.get("u1").status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(status.get("u2").status().kind()).isEqualTo(CvmStatus.Kind.STOPPED);
  }

  @Test
  void userConfigAndIsAllowed() {
    cloud.enqueue(200, "{\"hostname\":\"h\",\"ssh_authorized_keys\":[\"ssh-ed25519 AAA\"],"
        + "\"default_gateway_domain\":\"gw.example\"}");
    assertThat(client.cvms().userConfig(CVM).sshAuthorizedKeys()).containsExactly("ssh-ed25519 AAA");
    cloud.takeApi("GET", "/cvms/my-secret-app/user_config");

    String allowed = "{\"cvm_id\":\"4242\",\"app_contract_address\":\"0xabc\",\"compose_hash\":\"" + COMPOSE_HASH
        + "\",\"device_id\":\"d\",\"compose_hash_allowed\":true,\"allow_any_device\":false,"
        + "\"device_id_allowed\":true,\"is_allowed\":true,\"error\":null}";
    cloud.enqueue(200, allowed);
    assertThat(client.cvms().isAllowed(CVM, COMPOSE_HASH, null, "d").isAllowed()).isTrue();
    assertThat(tree(body(cloud.takeApi("POST", "/cvms/my-secret-app/is-allowed"))))
        .isEqualTo(tree("{\"compose_hash\":\"" + COMPOSE_HASH + "\",\"device_id\":\"d\"}"));

    cloud.enqueue(200, allowed);
    client.apps().isAllowed(APP, COMPOSE_HASH, 7L, null, 8453L);
    assertThat(tree(body(cloud.takeApi("POST", "/apps/" + APP_ID + "/is-allowed"))))
        .isEqualTo(tree("{\"compose_hash\":\"" + COMPOSE_HASH + "\",\"node_id\":7,\"chain_id\":8453}"));

    cloud.enqueue(200, "{\"is_onchain\":true,\"results\":[" + allowed + "],\"total\":1,\"allowed_count\":1,"
        + "\"denied_count\":0,\"error_count\":0,\"skipped_cvm_ids\":[\"9\"]}");
    AppsApi.CvmsAllowed all = client.apps().cvmsAllowed(APP);
    assertThat(tree(body(cloud.takeApi("POST", "/apps/" + APP_ID + "/cvms/is-allowed")))).isEqualTo(tree("{}"));
    assertThat(all.allowedCount()).isEqualTo(1);
    assertThat(all.skippedCvmIds()).containsExactly("9");
  }

  @Test
  void apps_listInfoCvmsAndStream() {
    String app = "{\"id\":\"a1\",\"name\":\"my-secret-app\",\"app_id\":\"" + APP_ID + "\","
        + "\"app_provision_type\":\"phala\",\"app_icon_url\":null,\"created_at\":\"2026-01-21\",\"kms_type\":\"phala\","
        + "\"profile\":{},\"current_cvm\":{\"name\":\"my-secret-app\",\"status\":\"running\"},"
        + "\"cvms\":[{\"name\":\"my-secret-app\"}],\"cvm_count\":1,\"x\":1}";
    cloud.enqueue(200, "{\"dstack_apps\":[" + app + "],\"page\":1,\"page_size\":50,\"total\":1,\"total_pages\":1}");
    AppsApi.AppPage page = client.apps().list(1, 50, "secret app");
    cloud.takeApi("GET", "/apps?page=1&page_size=50&search=secret%20app");
    assertThat(page.dstackApps()).singleElement().satisfies(a -> {
      assertThat(a.appId()).isEqualTo(APP_ID);
      assertThat(a.currentCvm().status()).isEqualTo(CvmStatus.RUNNING);
      assertThat(a.cvmCount()).isEqualTo(1);
    });

    cloud.enqueue(200, app);
    assertThat(client.apps().info(APP).name()).isEqualTo("my-secret-app");
    cloud.takeApi("GET", "/apps/" + APP_ID);

    cloud.enqueue(200, "[" + CloudServer.resource("cvm_info.json") + "]");
    assertThat(client.apps().cvms(APP)).singleElement().extracting(CvmInfo::vmUuid)
        .isEqualTo("8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f");
    cloud.takeApi("GET", "/apps/" + APP_ID + "/cvms");

    cloud.enqueue(200, "{\"dstack_apps\":[" + app + "," + app + "],\"page\":1,\"page_size\":2,\"total\":2,\"total_pages\":1}");
    assertThat(client.apps().listAll(2).count()).isEqualTo(2);
    cloud.takeApi("GET", "/apps?page=1&page_size=2");
  }

  @Test
  void apps_createInstanceDeviceAllowlistRevisionsFilterOptions() {
    cloud.enqueueResource(200, "vm.json");
    client.apps().createInstance(APP, new AppsApi.InstanceRequest(7L, null, null, "beef", COMPOSE_HASH, null, null));
    assertThat(tree(body(cloud.takeApi("POST", "/apps/" + APP_ID + "/instances"))))
        .isEqualTo(tree("{\"node_id\":7,\"encrypted_env\":\"beef\",\"compose_hash\":\"" + COMPOSE_HASH + "\"}"));

    cloud.enqueue(200, "{\"is_onchain_kms\":true,\"allow_any_device\":false,\"chain_id\":8453,"
        + "\"app_contract_address\":\"0xabc\",\"devices\":[{\"device_id\":\"d1\",\"node_name\":\"prod7\","
        + "\"cvm_ids\":[4242],\"allowed_onchain\":true,\"status\":\"allowed\"}]}");
    AppsApi.DeviceAllowlist list = client.apps().deviceAllowlist(APP);
    cloud.takeApi("GET", "/apps/" + APP_ID + "/device-allowlist");
    assertThat(list.devices()).containsExactly(new AppsApi.Device("d1", "prod7", List.of(4242L), true, "allowed"));

    cloud.enqueue(200, "{\"revisions\":[{\"revision_id\":\"r1\",\"app_id\":\"" + APP_ID + "\",\"vm_uuid\":\"u\","
        + "\"compose_hash\":\"" + COMPOSE_HASH + "\",\"created_at\":\"t\",\"operation_type\":\"create\","
        + "\"triggered_by\":null}],\"total\":1,\"page\":1,\"page_size\":20,\"total_pages\":1}");
    AppsApi.Revisions revisions = client.apps().revisions(APP, 1, 20);
    cloud.takeApi("GET", "/apps/" + APP_ID + "/revisions?page=1&page_size=20");
    assertThat(revisions.revisions()).singleElement().extracting(AppsApi.Revision::composeHash).isEqualTo(COMPOSE_HASH);

    cloud.enqueue(200, "{\"revision_id\":\"r1\",\"app_id\":\"" + APP_ID + "\",\"vm_uuid\":\"u\",\"compose_hash\":\""
        + COMPOSE_HASH + "\",\"compose_file\":{\"a\":1},\"encrypted_env\":\"beef\",\"user_config\":\"\","
        + "\"created_at\":\"t\",\"operation_type\":\"update\"}");
    assertThat(client.apps().revision(APP, "r1").encryptedEnv()).isEqualTo("beef");
    cloud.takeApi("GET", "/apps/" + APP_ID + "/revisions/r1");

    cloud.enqueue(200, "{\"statuses\":[\"running\"],\"image_versions\":[\"0.5.3\"],\"instance_types\":[\"tdx.small\"],"
        + "\"kms_slugs\":[\"phala\"],\"kms_types\":[\"phala\"],\"regions\":[\"us-west\"],\"nodes\":[\"prod7\"]}");
    assertThat(client.apps().filterOptions().regions()).containsExactly("us-west");
    cloud.takeApi("GET", "/apps/filter-options");
  }

  @Test
  void kms_pubkeyListInfoNextIdsOnChain() {
    cloud.enqueue(200, "{\"public_key\":\"a4e0\",\"signature\":\"b649\"}");
    assertThat(client.kms().envEncryptPublicKey("phala", APP)).isEqualTo(new EnvEncryptPublicKey("a4e0", "b649"));
    cloud.takeApi("GET", "/kms/phala/pubkey/" + APP_ID);

    String kms = "{\"id\":\"kms_base\",\"slug\":\"base\",\"url\":\"https://kms\",\"version\":\"v0.5.3\","
        + "\"chain_id\":8453,\"kms_contract_address\":\"0x2f83\",\"gateway_app_id\":\"gw\"}";
    cloud.enqueue(200, "{\"items\":[" + kms + "],\"total\":1,\"page\":1,\"page_size\":10,\"pages\":1}");
    assertThat(client.kms().list(1, 10, true).items()).singleElement().extracting(KmsInfo::chainId).isEqualTo(8453L);
    cloud.takeApi("GET", "/kms?page=1&page_size=10&is_onchain=true");

    cloud.enqueue(200, kms);
    assertThat(client.kms().info("kms_base").slug()).isEqualTo("base");
    cloud.takeApi("GET", "/kms/kms_base");

    cloud.enqueue(200, "{\"app_ids\":[{\"app_id\":\"" + APP_ID + "\",\"nonce\":7}]}");
    assertThat(client.kms().nextAppIds(1)).containsExactly(new KmsApi.NextAppId(APP_ID, 7));
    cloud.takeApi("GET", "/kms/phala/next_app_id?counts=1");
    assertThatThrownBy(() -> client.kms().nextAppIds(21))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count must be 1 to 20");

    cloud.enqueue(200, "{\"chain_name\":\"base\",\"chain_id\":8453,\"contracts\":[{\"contract_address\":\"0x2f83\","
        + "\"chain_id\":8453,\"chain_name\":\"base\",\"devices\":[{\"device_id\":\"d\",\"node_name\":\"n\","
        + "\"on_chain_allowed\":true}],\"os_images\":[{\"name\":\"dstack-0.5.3\",\"version\":\"0.5.3\","
        + "\"os_image_hash\":\"aa\",\"on_chain_allowed\":false}]}]}");
    KmsApi.OnChainKms onchain = client.kms().onChainDetail("base");
    cloud.takeApi("GET", "/kms/on-chain/base");
    assertThat(onchain.contracts().get(0).osImages().get(0).onChainAllowed()).isFalse();
  }

  @Test
  void currentUser_v2026Nested() {
    cloud.enqueue(200, "{\"user\":{\"username\":\"alice\",\"email\":\"a@example.com\",\"role\":\"user\","
        + "\"avatar\":null,\"email_verified\":true,\"totp_enabled\":false,\"has_backup_codes\":false,"
        + "\"flag_has_password\":true},\"workspace\":{\"id\":\"w1\",\"name\":\"team\",\"slug\":\"team\","
        + "\"tier\":\"pro\",\"role\":\"owner\",\"avatar\":null},\"credits\":{\"balance\":\"12.5\","
        + "\"granted_balance\":\"1\",\"is_post_paid\":false,\"outstanding_amount\":\"0\"}}");
    AccountApi.CurrentUser me = client.account().currentUser();
    cloud.takeApi("GET", "/auth/me");
    assertThat(me.user().username()).isEqualTo("alice");
    assertThat(me.workspace().tier()).isEqualTo("pro");
    assertThat(me.credits().balance()).isEqualTo("12.5");
  }

  @Test
  void currentUser_v2025Flat_mappedOntoSameRecord() {
    try (PhalaCloudClient older = client.withVersion(ApiVersion.V2025_10_28)) {
      cloud.enqueue(200, "{\"username\":\"alice\",\"email\":\"a@example.com\",\"credits\":12.5,"
          + "\"granted_credits\":1,\"avatar\":\"https://a\",\"team_name\":\"team\",\"team_tier\":\"pro\"}");
      AccountApi.CurrentUser me = older.account().currentUser();
      assertThat(cloud.take().getHeaders().get("X-Phala-Version")).isEqualTo("2025-10-28");
      assertThat(me.user().username()).isEqualTo("alice");
      assertThat(me.workspace().name()).isEqualTo("team");
      assertThat(me.credits().balance()).isEqualTo("12.5");
    }
  }

  @Test
  void nodesAndInstanceTypes() {
    cloud.enqueue(200, "{\"tier\":\"pro\",\"capacity\":{\"max_instances\":10,\"max_vcpu\":null,\"max_memory\":null,"
        + "\"max_disk\":null},\"nodes\":[{\"teepod_id\":7,\"name\":\"prod7\",\"listed\":true,\"resource_score\":0.5,"
        + "\"remaining_vcpu\":10,\"remaining_memory\":20480,\"remaining_cvm_slots\":5,\"images\":[{\"name\":"
        + "\"dstack-0.5.3\",\"is_dev\":false,\"version\":[0,5,3],\"os_image_hash\":\"aa\"}],"
        + "\"support_onchain_kms\":true,\"fmspc\":\"00806F050000\",\"device_id\":\"d\",\"region_identifier\":\"us-west\","
        + "\"default_kms\":\"kms_1\",\"kms_list\":[\"kms_1\"]}],\"kms_list\":[{\"id\":\"kms_1\",\"slug\":\"phala\"}]}");
    AccountApi.AvailableNodes nodes = client.account().availableNodes();
    cloud.takeApi("GET", "/teepods/available");
    assertThat(nodes.nodes()).singleElement().satisfies(n -> {
      assertThat(n.teepodId()).isEqualTo("7");
      assertThat(n.images().get(0).version()).containsExactly(0, 5, 3);
      assertThat(n.kmsList()).containsExactly("kms_1");
    });
    assertThat(nodes.kmsList()).singleElement().extracting(KmsInfo::slug).isEqualTo("phala");

    String type = "{\"id\":\"tdx.small\",\"name\":\"Small\",\"description\":\"1 vCPU\",\"vcpu\":1,\"memory_mb\":2048,"
        + "\"hourly_rate\":\"0.058\",\"requires_gpu\":false,\"default_disk_size_gb\":20,\"family\":\"cpu\"}";
    cloud.enqueue(200, "{\"result\":[{\"name\":\"cpu\",\"items\":[" + type + "],\"total\":1}]}");
    assertThat(client.account().instanceTypeFamilies()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("cpu");
      assertThat(f.items()).singleElement().extracting(AccountApi.InstanceType::memoryMb).isEqualTo(2048L);
    });
    cloud.takeApi("GET", "/instance-types");
    cloud.enqueue(200, "{\"items\":[" + type + "],\"total\":1,\"family\":\"cpu\"}");
    assertThat(client.account().instanceTypes("cpu")).singleElement().extracting(AccountApi.InstanceType::id)
        .isEqualTo("tdx.small");
    cloud.takeApi("GET", "/instance-types/cpu");
  }

  @Test
  void workspacesNodesQuotasAndOsImages() {
    String ws = "{\"id\":\"w1\",\"name\":\"team\",\"slug\":\"team\",\"tier\":\"pro\",\"role\":\"owner\","
        + "\"is_default\":true,\"created_at\":\"t\"}";
    cloud.enqueue(200, "{\"data\":[" + ws + "],\"pagination\":{\"has_more\":true,\"next_cursor\":\"c2\",\"total\":null}}");
    AccountApi.Workspaces page = client.account().workspaces("c1", 10);
    cloud.takeApi("GET", "/workspaces?cursor=c1&limit=10");
    assertThat(page.pagination().nextCursor()).isEqualTo("c2");
    assertThat(page.data()).singleElement().extracting(AccountApi.Workspace::isDefault).isEqualTo(true);

    cloud.enqueue(200, ws);
    assertThat(client.account().workspace("team").slug()).isEqualTo("team");
    cloud.takeApi("GET", "/workspaces/team");

    cloud.enqueue(200, "{\"items\":[{\"object_type\":\"node\",\"id\":7,\"name\":\"prod7\",\"region\":\"us-west\"}],"
        + "\"total\":1,\"page\":1,\"page_size\":10,\"pages\":1}");
    assertThat(client.account().workspaceNodes("team", 1, 10).items()).singleElement()
        .extracting(CvmInfo.NodeInfo::region).isEqualTo("us-west");
    cloud.takeApi("GET", "/workspaces/team/nodes?page=1&page_size=10");

    cloud.enqueue(200, "{\"team_slug\":\"team\",\"tier\":\"pro\",\"quotas\":{\"vm_slots\":{\"limit\":10,\"remaining\":7},"
        + "\"vcpu\":{\"limit\":32,\"remaining\":30},\"memory_mb\":{\"limit\":65536,\"remaining\":1024},"
        + "\"disk_gb\":{\"limit\":500,\"remaining\":400}},\"reserved_nodes\":{},\"reserved_gpu\":null,\"as_of\":\"t\"}");
    AccountApi.Quotas quotas = client.account().workspaceQuotas("team");
    cloud.takeApi("GET", "/workspaces/team/quotas");
    assertThat(quotas.quotas().vmSlots()).isEqualTo(new AccountApi.Quota(10.0, 7.0));

    cloud.enqueue(200, "{\"items\":[{\"name\":\"dstack-0.5.3\",\"slug\":\"dstack-0-5-3\",\"version\":\"0.5.3\","
        + "\"os_image_hash\":\"aa\",\"is_dev\":false,\"requires_gpu\":false}],\"total\":1,\"page\":1,"
        + "\"page_size\":10,\"pages\":1}");
    assertThat(client.account().osImages(1, 10, false).items()).singleElement()
        .extracting(AccountApi.OsImage::osImageHash).isEqualTo("aa");
    cloud.takeApi("GET", "/os-images?page=1&page_size=10&is_dev=false");
  }

  @Test
  void sshKeys_listCreateDeleteGithub() {
    String key = "{\"id\":\"k1\",\"user_id\":\"u1\",\"name\":\"laptop\",\"public_key\":\"ssh-ed25519 AAA\","
        + "\"fingerprint\":\"SHA256:x\",\"key_type\":\"ssh-ed25519\",\"source\":\"manual\",\"key_metadata\":null,"
        + "\"last_synced_at\":null,\"created_at\":\"t\",\"updated_at\":\"t\"}";
    cloud.enqueue(200, "[" + key + "]");
    assertThat(client.account().sshKeys()).singleElement().extracting(AccountApi.SshKey::name).isEqualTo("laptop");
    cloud.takeApi("GET", "/user/ssh-keys");

    cloud.enqueue(201, key);
    client.account().createSshKey("laptop", "ssh-ed25519 AAA");
    assertThat(tree(body(cloud.takeApi("POST", "/user/ssh-keys"))))
        .isEqualTo(tree("{\"name\":\"laptop\",\"public_key\":\"ssh-ed25519 AAA\"}"));

    cloud.enqueue(new MockResponse.Builder().code(204).build());
    client.account().deleteSshKey("k1");
    cloud.takeApi("DELETE", "/user/ssh-keys/k1");

    cloud.enqueue(200, "{\"github_username\":\"alice\",\"keys_added\":2,\"keys_skipped\":1,\"errors\":[]}");
    assertThat(client.account().importGithubSshKeys("alice").keysAdded()).isEqualTo(2);
    assertThat(tree(body(cloud.takeApi("POST", "/user/ssh-keys/github-profile"))))
        .isEqualTo(tree("{\"github_username\":\"alice\"}"));

    cloud.enqueue(200, "{\"synced_count\":3,\"keys_added\":0,\"keys_updated\":1,\"keys_removed\":0}");
    AccountApi.GithubSync sync = client.account().syncGithubSshKeys();
    assertThat(tree(body(cloud.takeApi("POST", "/user/ssh-keys/github-sync")))).isEqualTo(tree("{}"));
    assertThat(sync.keysUpdated()).isEqualTo(1);
    assertThat(sync.errors()).isEmpty();
  }
}
